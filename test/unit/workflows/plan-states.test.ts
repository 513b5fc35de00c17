import { expect } from 'chai';
import { planStates } from '../../../src/workflows/plan-states.js';
import { resolveQueue } from '../../../src/workflows/resolve-queue.js';
import { fakeRepository } from './fakes.js';

async function setUp() {
  const repository = fakeRepository();
  const base = repository.commit('main', 'base');
  repository.commit('a', 'a', { parents: [base] });
  repository.commit('b', 'b', { parents: [base] });
  const queue = await resolveQueue({ repository, targetRef: 'main', specs: ['a', 'b'] });
  return { repository, base, queue };
}

describe('planStates (fake repository)', () => {
  it('gate: each change merges onto the state of the changes ahead of it', async () => {
    const { repository, queue } = await setUp();
    const result = await planStates({
      repository,
      queue,
      mode: 'gate',
      mergeMode: 'merge',
      allowCircularDependencies: false,
    });
    expect(result.mode).to.equal('plan');
    const [a, b] = result.changes;
    expect(a.includes).to.deep.equal(['a']);
    expect(b.includes).to.deep.equal(['a', 'b']);
    expect((await repository.readCommit(b.speculativeSha!)).parents).to.deep.equal([
      a.speculativeSha,
      queue.queue[1].sha,
    ]);
  });

  it('check: each change merges onto the target alone', async () => {
    const { repository, base, queue } = await setUp();
    const result = await planStates({
      repository,
      queue,
      mode: 'check',
      mergeMode: 'merge',
      allowCircularDependencies: false,
    });
    for (const change of result.changes) {
      expect(change.includes).to.deep.equal([change.id]);
      expect((await repository.readCommit(change.speculativeSha!)).parents[0]).to.equal(base);
    }
  });

  it('remembers merges unless told not to', async () => {
    const { repository, queue } = await setUp();
    let opened = 0;
    const counting = { ...repository, openMergeMemo: () => (opened++, repository.openMergeMemo()) };
    await planStates({
      repository: counting,
      queue,
      mode: 'gate',
      mergeMode: 'merge',
      allowCircularDependencies: false,
    });
    await planStates({
      repository: counting,
      queue,
      mode: 'gate',
      mergeMode: 'merge',
      allowCircularDependencies: false,
      remember: false,
    });
    expect(opened).to.equal(1);
  });
});
