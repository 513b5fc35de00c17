import { expect } from 'chai';
import type { RunObserver } from '../../../src/core/types.js';
import { runPipeline } from '../../../src/workflows/run-pipeline.js';
import { job } from '../jobs/job-fixtures.js';
import { fakeAdapters, fakeConfig, fakeJobs, queueRepository } from './fakes.js';

const config = fakeConfig({
  jobs: [job('unit', 'npm test')],
  pipelines: { check: ['unit'], gate: ['unit'] },
});

function setUp(result?: Parameters<typeof fakeJobs>[0]) {
  const { repository, checkedOut } = queueRepository('a', 'b');
  const runner = fakeJobs(result);
  const adapters = fakeAdapters({ repository, config, jobs: runner.jobs, files: undefined });
  const events: string[] = [];
  const observer: RunObserver = {
    queued: (queue) => events.push(`queued ${queue.map((change) => change.id).join(' ')}`),
    changeFinished: (verdict) => events.push(`finished ${verdict.id} ${verdict.result}`),
  };
  const run = (
    mode: 'check' | 'gate',
    options: { signal?: AbortSignal; cache?: boolean; keep?: boolean } = {},
  ) =>
    runPipeline(mode, {
      cwd: '/repo',
      changes: ['a', 'b'],
      keep: options.keep ?? false,
      signal: options.signal ?? new AbortController().signal,
      observer,
      adapters,
      cache: options.cache,
    });
  return { run, runner, events, checkedOut };
}

describe('runPipeline (fakes)', () => {
  it('gate: every change accepted on the state of those ahead; the work directory cleaned up; results kept', async () => {
    const { run, runner, events, checkedOut } = setUp();
    const result = await run('gate');
    expect(result.verdict).to.equal('SUCCESS');
    expect(
      result.changes.map(({ id, result: verdict, includes }) => ({ id, verdict, includes })),
    ).to.deep.equal([
      { id: 'a', verdict: 'SUCCESS', includes: ['a'] },
      { id: 'b', verdict: 'SUCCESS', includes: ['a', 'b'] },
    ]);
    expect(runner.ran.map(({ changes }) => changes).sort()).to.deep.equal(['a', 'a b']);
    expect(checkedOut).to.have.length(2);
    expect(events[0]).to.equal('queued a b');
    expect(runner.cleanups).to.deep.equal([false]);
    expect(runner.notes.notes.size).to.equal(2);
    expect(result.logDir).to.equal('/repo/.git/specgate/logs/run');
  });

  it('gate: a change that fails is rejected and the change behind it is judged without it', async () => {
    const { run } = setUp((_job, changes) => (changes.split(' ').includes('a') ? 'FAILURE' : 'SUCCESS'));
    const result = await run('gate');
    expect(result.verdict).to.equal('FAILURE');
    expect(
      result.changes.map(({ id, result: verdict, includes }) => ({ id, verdict, includes })),
    ).to.deep.equal([
      { id: 'a', verdict: 'FAILURE', includes: ['a'] },
      { id: 'b', verdict: 'SUCCESS', includes: ['b'] },
    ]);
  });

  it('a second run is answered by the result cache: no job runs and nothing is checked out; --no-cache runs them again', async () => {
    const { run, runner, checkedOut } = setUp();
    await run('check');
    expect(runner.ran).to.have.length(2);
    const again = await run('check');
    expect(again.changes.flatMap((change) => change.jobs.map((outcome) => outcome.cached))).to.deep.equal([
      true,
      true,
    ]);
    expect(runner.ran).to.have.length(2);
    expect(checkedOut).to.have.length(2);
    await run('check', { cache: false });
    expect(runner.ran).to.have.length(4);
  });

  it("interrupted before it starts: rejects with the signal's reason and still cleans up", async () => {
    const { run, runner } = setUp();
    const controller = new AbortController();
    controller.abort(new Error('interrupted by SIGINT'));
    const error = await run('gate', { signal: controller.signal }).then(
      () => undefined,
      (thrown: Error) => thrown,
    );
    expect(error?.message).to.equal('interrupted by SIGINT');
    expect(runner.ran).to.deep.equal([]);
    expect(runner.cleanups).to.deep.equal([false]);
  });

  it('--keep: the state directories are kept and listed by change', async () => {
    const { run, runner } = setUp();
    const result = await run('check', { keep: true });
    expect(Object.keys(result.keptStates ?? {}).sort()).to.deep.equal(['a', 'b']);
    expect(runner.cleanups).to.deep.equal([true]);
  });
});
