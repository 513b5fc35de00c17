import { expect } from 'chai';
import type { ChangeVerdict } from '../../../src/core/types.js';
import type { ResolvedQueue } from '../../../src/workflows/resolve-queue.js';
import { withBundles } from '../../../src/workflows/with-bundles.js';

const queue: ResolvedQueue = {
  target: { ref: 'main', sha: 'a'.repeat(40) },
  queue: [
    { id: 'x', sha: '1'.repeat(40), dependsOn: ['y'], pulledIn: false },
    { id: 'y', sha: '2'.repeat(40), dependsOn: ['x'], pulledIn: false },
    { id: 'z', sha: '3'.repeat(40), dependsOn: [], pulledIn: false },
  ],
  cycles: [['x', 'y']],
};

describe('withBundles', () => {
  it('not allowed: the queue and its cycles as they are, and unbundle the identity', () => {
    const { queue: same, unbundle } = withBundles(queue, false);
    expect(same).to.equal(queue);
    const verdicts = [{ id: 'x' }] as ChangeVerdict[];
    expect(unbundle(verdicts).verdicts).to.equal(verdicts);
  });

  it('allowed: each cycle becomes one bundle whose members merge in queue order; no cycle is left to reject', () => {
    const { queue: bundled, unbundle } = withBundles(queue, true);
    expect(bundled.cycles).to.deep.equal([]);
    expect(bundled.queue).to.have.length(2);
    const bundle = bundled.queue[0];
    expect(bundle.members?.map((member) => member.id)).to.deep.equal(['x', 'y']);
    expect(bundled.queue[1].id).to.equal('z');
    const verdicts = bundled.queue.map((change) => ({
      id: change.id,
      sha: change.sha,
      result: 'SUCCESS',
      includes: [change.id],
      jobs: [],
    })) as unknown as ChangeVerdict[];
    expect(unbundle(verdicts).verdicts.map((verdict) => [verdict.id, verdict.result])).to.deep.equal([
      ['x', 'SUCCESS'],
      ['y', 'SUCCESS'],
      ['z', 'SUCCESS'],
    ]);
  });
});
