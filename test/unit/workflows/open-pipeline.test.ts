import { expect } from 'chai';
import { openPipeline } from '../../../src/workflows/open-pipeline.js';
import { job } from '../jobs/job-fixtures.js';
import { fakeAdapters, fakeConfig, fakeJobs, queueRepository } from './fakes.js';

const config = fakeConfig({
  jobs: [job('unit', 'npm test'), job('lint', 'npm run lint')],
  pipelines: { check: ['unit'], gate: ['unit', 'lint'] },
});

function open(
  options: { only?: string[]; checkInputs?: (inputs: string) => void; warnings?: string[] } = {},
) {
  const { repository } = queueRepository('a');
  const runner = fakeJobs();
  const adapters = fakeAdapters({ repository, config, jobs: runner.jobs });
  const observer = { warning: (message: string) => options.warnings?.push(message) };
  return {
    runner,
    opened: (mode: 'check' | 'gate') =>
      openPipeline(mode, {
        cwd: '/repo',
        changes: ['a'],
        keep: false,
        signal: new AbortController().signal,
        observer,
        adapters,
        ...options,
      }),
  };
}

describe('openPipeline (fakes)', () => {
  it("the jobs of the mode's pipeline, narrowed by --jobs", async () => {
    expect((await open().opened('check')).jobs.map((one) => one.name)).to.deep.equal(['unit']);
    expect((await open().opened('gate')).jobs.map((one) => one.name)).to.deep.equal(['unit', 'lint']);
    expect((await open({ only: ['lint'] }).opened('gate')).jobs.map((one) => one.name)).to.deep.equal([
      'lint',
    ]);
  });

  it('hands the digest of the inputs to checkInputs before any directory is made; a throw stops the run there', async () => {
    const seen: string[] = [];
    const { runner, opened } = open({
      checkInputs: (inputs) => {
        seen.push(inputs);
        throw new Error('moved');
      },
    });
    const error = await opened('gate').then(
      () => undefined,
      (thrown: Error) => thrown,
    );
    expect(error?.message).to.equal('moved');
    expect(seen[0]).to.match(/^[0-9a-f]{64}$/);
    expect(runner.cleanups).to.deep.equal([]);
  });

  it('close(): cleans up the work directory and saves the results; a cache that cannot be saved is a warning', async () => {
    const warnings: string[] = [];
    const { runner, opened } = open({ warnings });
    const pipeline = await opened('check');
    await pipeline.input.ops.test!({
      change: pipeline.input.queue[0],
      state: pipeline.input.base,
      includes: ['a'],
    });
    runner.notes.api.update = () => Promise.reject(new Error('disk full'));
    await pipeline.close();
    expect(runner.cleanups).to.deep.equal([false]);
    expect(warnings).to.deep.equal(['could not save job results in the result cache: disk full']);
  });
});
