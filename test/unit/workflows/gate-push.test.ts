import { expect } from 'chai';
import type { ChangeResult, PipelineResult } from '../../../src/core/types.js';
import { gatePush, type PushGateRequest } from '../../../src/workflows/gate-push.js';
import { fakeAdapters, fakeConfig, fakeRepository } from './fakes.js';

const ZERO = '0'.repeat(40);

function setUp(options: { remoteTarget?: boolean; results?: Record<string, ChangeResult> } = {}) {
  const repository = fakeRepository();
  const base = repository.commit('main', 'base');
  const a = repository.commit('feature-a', 'a', { parents: [base] });
  const b = repository.commit('feature-b', 'b', { parents: [base] });
  const moved = repository.commit('moved', 'm', { parents: [base] });
  if (options.remoteTarget !== false) repository.setRef('refs/remotes/origin/main', base);
  const requests: PushGateRequest[] = [];
  const notes: string[] = [];
  const check = async (request: PushGateRequest): Promise<PipelineResult> => {
    requests.push(request);
    const changes = request.changes.map((id) => ({ id, result: options.results?.[id] ?? 'SUCCESS' }));
    const verdict = changes.every((change) => change.result === 'SUCCESS') ? 'SUCCESS' : 'FAILURE';
    return { verdict, changes } as PipelineResult;
  };
  const push = (stdin: string) =>
    gatePush({
      cwd: '/repo',
      remote: 'origin',
      stdin,
      check,
      note: (text) => notes.push(text),
      adapters: fakeAdapters({ repository, config: fakeConfig() }),
    });
  return { push, requests, notes, a, b, moved, base };
}

describe('gatePush (fakes)', () => {
  it("checks the pushed branches in one independent run on the remote's target, each named by its local ref when that still names it", async () => {
    const { push, requests, a, moved } = setUp();
    const outcome = await push(
      `refs/heads/feature-a ${a} refs/heads/feature-a ${ZERO}\nrefs/heads/old ${moved} refs/heads/old ${ZERO}\n`,
    );
    expect(outcome).to.deep.include({
      gated: true,
      target: 'origin/main',
      changes: ['feature-a', moved],
      refused: false,
      pushPassed: undefined,
    });
    expect(requests).to.deep.equal([
      { cwd: '/repo', configFile: undefined, target: 'origin/main', changes: ['feature-a', moved] },
    ]);
  });

  it('one branch fails: refused, and the git push that sends only the branches that passed', async () => {
    const { push, a, b, moved } = setUp({ results: { 'feature-b': 'FAILURE' } });
    const outcome = await push(
      [
        `refs/heads/feature-a ${a} refs/heads/feature-a ${ZERO}`,
        `refs/heads/feature-b ${b} refs/heads/feature-b ${ZERO}`,
        `refs/heads/feature-a ${a} refs/heads/elsewhere ${ZERO}`,
        `HEAD ${moved} refs/heads/it's ${ZERO}`,
      ].join('\n'),
    );
    if (!outcome.gated) throw new Error('expected a check');
    expect(outcome.branches.map((branch) => [branch.change, branch.result, branch.refspec])).to.deep.equal([
      ['feature-a', 'SUCCESS', 'feature-a'],
      ['feature-b', 'FAILURE', 'feature-b'],
      ['feature-a', 'SUCCESS', 'feature-a:refs/heads/elsewhere'],
      [moved, 'SUCCESS', `${moved}:refs/heads/it's`],
    ]);
    expect(outcome.changes).to.deep.equal(['feature-a', 'feature-b', moved]);
    expect(outcome.refused).to.equal(true);
    expect(outcome.pushPassed).to.equal(
      `git push origin feature-a feature-a:refs/heads/elsewhere '${moved}:refs/heads/it'\\''s'`,
    );
  });

  it('a forced push (the remote commit is not an ancestor, or not here): its refspec keeps the +', async () => {
    const { push, a, b, base } = setUp({ results: { 'feature-b': 'FAILURE' } });
    const outcome = await push(
      [
        `refs/heads/feature-a ${a} refs/heads/feature-a ${base}`,
        `refs/heads/feature-a ${a} refs/heads/rewritten ${b}`,
        `refs/heads/feature-a ${a} refs/heads/unknown ${'f'.repeat(40)}`,
        `refs/heads/feature-b ${b} refs/heads/feature-b ${ZERO}`,
      ].join('\n'),
    );
    expect(outcome).to.deep.include({
      refused: true,
      pushPassed: 'git push origin feature-a +feature-a:refs/heads/rewritten +feature-a:refs/heads/unknown',
    });
  });

  it('every branch fails: refused, with no push to suggest', async () => {
    const { push, a } = setUp({ results: { 'feature-a': 'MERGE_CONFLICT' } });
    const outcome = await push(`refs/heads/feature-a ${a} refs/heads/feature-a ${ZERO}\n`);
    expect(outcome).to.deep.include({ gated: true, refused: true, pushPassed: undefined });
  });

  it('skips tags, deletions, other refs and the target itself, one note each, and checks the rest', async () => {
    const { push, requests, notes, a, base } = setUp();
    const outcome = await push(
      [
        `refs/tags/v1 ${a} refs/tags/v1 ${ZERO}`,
        `(delete) ${ZERO} refs/heads/gone ${a}`,
        `refs/notes/x ${a} refs/notes/x ${ZERO}`,
        `refs/heads/main ${base} refs/heads/main ${ZERO}`,
        `refs/heads/feature-a ${a} refs/heads/feature-a ${ZERO}`,
      ].join('\n'),
    );
    expect(notes).to.deep.equal([
      'skipped refs/tags/v1: a tag, not checked',
      'skipped refs/heads/gone: a deletion, not checked',
      'skipped refs/notes/x: not a branch, not checked',
      'skipped refs/heads/main: the target branch main itself, not checked',
    ]);
    expect(requests.map((request) => request.changes)).to.deep.equal([['feature-a']]);
    expect(outcome.skipped.map((ref) => ref.reason)).to.deep.equal([
      'tag',
      'deletion',
      'not a branch',
      'target',
    ]);
  });

  it("the remote's target never fetched: the local target, with a note saying so", async () => {
    const { push, requests, notes, a } = setUp({ remoteTarget: false });
    await push(`refs/heads/feature-a ${a} refs/heads/feature-a ${ZERO}\n`);
    expect(requests[0].target).to.equal('main');
    expect(notes).to.deep.equal([
      'refs/remotes/origin/main not found (never fetched?): checking on the local main instead',
    ]);
  });

  it('only a tag and a deletion: nothing checked, and why', async () => {
    const { push, requests, a } = setUp();
    const outcome = await push(
      `(delete) ${ZERO} refs/heads/gone ${a}\nrefs/tags/v1 ${a} refs/tags/v1 ${ZERO}\n`,
    );
    expect(outcome).to.deep.include({ gated: false, reason: 'nothing to check: no branch pushed' });
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
