import { expect } from 'chai';
import type { PipelineResult } from '../../../src/core/types.js';
import { gatePush, type PushGateRequest } from '../../../src/workflows/gate-push.js';
import { fakeAdapters, fakeConfig, fakeRepository } from './fakes.js';

const ZERO = '0'.repeat(40);

function setUp(options: { remoteTarget?: boolean } = {}) {
  const repository = fakeRepository();
  const base = repository.commit('main', 'base');
  const a = repository.commit('feature-a', 'a', { parents: [base] });
  const moved = repository.commit('moved', 'm', { parents: [base] });
  if (options.remoteTarget !== false) repository.setRef('refs/remotes/origin/main', base);
  const requests: PushGateRequest[] = [];
  const notes: string[] = [];
  const push = (stdin: string) =>
    gatePush({
      cwd: '/repo',
      remote: 'origin',
      stdin,
      gate: async (request) => (requests.push(request), { verdict: 'SUCCESS' } as PipelineResult),
      note: (text) => notes.push(text),
      adapters: fakeAdapters({ repository, config: fakeConfig() }),
    });
  return { push, requests, notes, a, moved };
}

describe('gatePush (fakes)', () => {
  it("gates the pushed commits onto the remote's target, each named by its local ref when that still names it", async () => {
    const { push, requests, a, moved } = setUp();
    const outcome = await push(
      `refs/heads/feature-a ${a} refs/heads/feature-a ${ZERO}\nrefs/heads/old ${moved} refs/heads/old ${ZERO}\n`,
    );
    expect(outcome).to.deep.include({ gated: true, target: 'origin/main', changes: ['feature-a', moved] });
    expect(requests).to.deep.equal([
      { cwd: '/repo', configFile: undefined, target: 'origin/main', changes: ['feature-a', moved] },
    ]);
  });

  it("the remote's target never fetched: the local target, with a note saying so", async () => {
    const { push, requests, notes, a } = setUp({ remoteTarget: false });
    await push(`refs/heads/feature-a ${a} refs/heads/feature-a ${ZERO}\n`);
    expect(requests[0].target).to.equal('main');
    expect(notes).to.deep.equal([
      'refs/remotes/origin/main not found (never fetched?): gating onto the local main instead',
    ]);
  });

  it('only deletions and a push to the target: nothing gated, and why', async () => {
    const { push, requests, a } = setUp();
    const outcome = await push(
      `(delete) ${ZERO} refs/heads/gone ${a}\nrefs/heads/main ${a} refs/heads/main ${ZERO}\n`,
    );
    expect(outcome).to.deep.equal({
      gated: false,
      reason: 'nothing to gate: the push holds only 1 deletion and a push to the target branch main',
    });
    expect(requests).to.deep.equal([]);
  });

  it("a line that is not git's: BAD_USAGE quoting it", async () => {
    const { push } = setUp();
    const error = await push('garbage\n').then(
      () => undefined,
      (thrown: Error) => thrown,
    );
    expect(error?.message).to.equal(
      'not a pre-push line (expected "<local ref> <local sha> <remote ref> <remote sha>"): garbage',
    );
  });
});
