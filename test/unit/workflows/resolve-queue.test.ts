import { expect } from 'chai';
import { UserError } from '../../../src/errors/specgate-error.js';
import { resolveQueue } from '../../../src/workflows/resolve-queue.js';
import { fakeRepository, type FakeRepository } from './fakes.js';

/** main with one commit; the test adds the changes. */
function repository(): { repo: FakeRepository; base: string } {
  const repo = fakeRepository();
  const base = repo.commit('main', 'base');
  return { repo, base };
}

/** A branch `name` off `from` (a branch name or commit id), with one commit whose message is `message`. */
function change(repo: FakeRepository, name: string, from: string, message = name): string {
  const start = repo.resolveRefName(from) ?? from;
  return repo.commit(name, message, { parents: [start] });
}

async function rejection(promise: Promise<unknown>): Promise<UserError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof UserError) return error;
    throw error;
  }
  throw new Error('expected a UserError, got none');
}

describe('resolveQueue (fake repository)', () => {
  it('resolves the target and independent changes, keeping the order given', async () => {
    const { repo, base } = repository();
    const a = change(repo, 'a', 'main');
    const b = change(repo, 'b', 'main');
    const resolved = await resolveQueue({ repository: repo, targetRef: 'main', specs: ['b', 'a'] });
    expect(resolved).to.deep.equal({
      target: { ref: 'main', sha: base },
      queue: [
        { id: 'b', sha: b, dependsOn: [], pulledIn: false },
        { id: 'a', sha: a, dependsOn: [], pulledIn: false },
      ],
      cycles: [],
    });
  });

  it("stacked branches: a change whose tip is among another's own commits goes under it, whatever the order given", async () => {
    const { repo } = repository();
    const a = change(repo, 'a', 'main');
    const b = change(repo, 'b', 'a');
    const resolved = await resolveQueue({ repository: repo, targetRef: 'main', specs: ['b', 'a'] });
    expect(resolved.queue).to.deep.equal([
      { id: 'a', sha: a, dependsOn: [], pulledIn: false },
      { id: 'b', sha: b, dependsOn: ['a'], pulledIn: false },
    ]);
    expect(resolved.cycles).to.deep.equal([]);
  });

  it('a Depends-On footer naming a queued change orders it first', async () => {
    const { repo } = repository();
    const x = change(repo, 'x', 'main', 'x\n\nDepends-On: y\n');
    const y = change(repo, 'y', 'main');
    const resolved = await resolveQueue({ repository: repo, targetRef: 'main', specs: ['x', 'y'] });
    expect(resolved.queue.map(({ id, dependsOn }) => ({ id, dependsOn }))).to.deep.equal([
      { id: 'y', dependsOn: [] },
      { id: 'x', dependsOn: ['y'] },
    ]);
    expect(resolved.queue.map((queued) => queued.sha)).to.deep.equal([y, x]);
  });

  it('a Depends-On footer naming an unqueued change pulls it in, just ahead of its dependent, with the id the footer wrote', async () => {
    const { repo } = repository();
    const lib = change(repo, 'lib', 'main');
    change(repo, 'app', 'main', 'app\n\ndepends-on:  lib  \n');
    const resolved = await resolveQueue({ repository: repo, targetRef: 'main', specs: ['app'] });
    expect(resolved.queue[0]).to.deep.equal({ id: 'lib', sha: lib, dependsOn: [], pulledIn: true });
    expect(resolved.queue[1]).to.include({ id: 'app', pulledIn: false });
    expect(resolved.queue[1].dependsOn).to.deep.equal(['lib']);
  });

  it('a dependency the target already contains is dropped, not pulled in', async () => {
    const { repo, base } = repository();
    repo.setRef('refs/tags/released', base);
    change(repo, 'app', 'main', 'app\n\nDepends-On: released\n');
    const resolved = await resolveQueue({ repository: repo, targetRef: 'main', specs: ['app'] });
    expect(resolved.queue.map(({ id, dependsOn }) => ({ id, dependsOn }))).to.deep.equal([
      { id: 'app', dependsOn: [] },
    ]);
  });

  it('finds the footers of every own commit of a change, not only its tip', async () => {
    const { repo } = repository();
    change(repo, 'lib', 'main');
    const first = change(repo, 'app', 'main', 'first\n\nDepends-On: lib\n');
    repo.commit('app', 'second', { parents: [first] });
    const resolved = await resolveQueue({ repository: repo, targetRef: 'main', specs: ['app'] });
    expect(resolved.queue.map((queued) => queued.id)).to.deep.equal(['lib', 'app']);
  });

  it('reports a dependency cycle and keeps its members queued, each depending on the other', async () => {
    const { repo } = repository();
    change(repo, 'a', 'main', 'a\n\nDepends-On: b\n');
    change(repo, 'b', 'main', 'b\n\nDepends-On: a\n');
    const resolved = await resolveQueue({ repository: repo, targetRef: 'main', specs: ['a', 'b'] });
    expect(resolved.cycles).to.have.length(1);
    expect([...resolved.cycles[0]].sort()).to.deep.equal(['a', 'b']);
    expect(resolved.queue.map(({ id, dependsOn }) => ({ id, dependsOn }))).to.have.deep.members([
      { id: 'a', dependsOn: ['b'] },
      { id: 'b', dependsOn: ['a'] },
    ]);
  });

  it('an unresolvable Depends-On: UNKNOWN_REF naming the value, the commit, its subject and the change', async () => {
    const { repo } = repository();
    const a = change(repo, 'a', 'main', 'Add the thing\n\nDepends-On: nowhere\n');
    const error = await rejection(resolveQueue({ repository: repo, targetRef: 'main', specs: ['a'] }));
    expect(error.code).to.equal('UNKNOWN_REF');
    expect(error.message).to.equal(
      `unknown revision 'nowhere' in 'Depends-On: nowhere' of commit ${a.slice(0, 12)} ("Add the thing") (change a)`,
    );
    expect(error.data).to.deep.equal({ change: 'a', commit: a, value: 'nowhere' });
  });

  for (const value of ['a b', '$(rm -rf x)', '']) {
    it(`a footer that is not one change (${JSON.stringify(value)}): BAD_DEPENDS_ON naming the commit and the value`, async () => {
      const { repo } = repository();
      const a = change(repo, 'a', 'main', `Add\n\nDepends-On: ${value}\n`);
      const error = await rejection(resolveQueue({ repository: repo, targetRef: 'main', specs: ['a'] }));
      expect(error.code).to.equal('BAD_DEPENDS_ON');
      const what = value === '' ? 'names no change' : 'is not one branch, tag or commit';
      expect(error.message).to.equal(
        `'Depends-On: ${value}' in commit ${a.slice(0, 12)} ("Add") of change a ${what}`,
      );
    });
  }

  it('an unknown target: UNKNOWN_REF saying how to name it', async () => {
    const { repo } = repository();
    change(repo, 'a', 'main');
    const error = await rejection(resolveQueue({ repository: repo, targetRef: 'trunk', specs: ['a'] }));
    expect(error.code).to.equal('UNKNOWN_REF');
    expect(error.message).to.equal("unknown target 'trunk': no such branch or commit");
    expect(error.suggestion).to.match(/--target/);
  });

  it('a change queued twice is a usage error, before any history is read', async () => {
    const { repo } = repository();
    change(repo, 'a', 'main');
    const error = await rejection(resolveQueue({ repository: repo, targetRef: 'main', specs: ['a', 'a'] }));
    expect(error.code).to.equal('BAD_USAGE');
    expect(error.message).to.equal("change 'a' is queued twice");
    expect(repo.calls.filter((call) => call.startsWith('compareHistories'))).to.deep.equal([]);
  });

  it('a merge base beyond a shallow boundary is named by the change it belongs to', async () => {
    const { repo } = repository();
    change(repo, 'a', 'main');
    const shallow: typeof repo = {
      ...repo,
      compareHistories: async () => {
        throw new UserError('SHALLOW_BOUNDARY', 'the merge base is beyond the shallow boundary');
      },
    };
    const error = await rejection(resolveQueue({ repository: shallow, targetRef: 'main', specs: ['a'] }));
    expect(error.code).to.equal('SHALLOW_BOUNDARY');
    expect(error.message).to.equal("change 'a' onto 'main': the merge base is beyond the shallow boundary");
  });
});
