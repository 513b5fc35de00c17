import { expect } from 'chai';
import { UserError } from '../../../src/errors/specgate-error.js';
import { selectPipelineJobs } from '../../../src/workflows/select-pipeline-jobs.js';
import { hard, job } from '../jobs/job-fixtures.js';

describe('selectPipelineJobs', () => {
  const jobs = [job('build', 'make'), job('unit', 'make test', { dependencies: hard('build') })];

  it('refuses a --jobs name that is no job, naming it and the jobs there are (BAD_USAGE)', () => {
    expect(() => selectPipelineJobs({ jobs, pipeline: ['build', 'unit'], only: ['unit', 'nope'] }))
      .to.throw(UserError, "--jobs: unknown job 'nope' (jobs: build, unit)")
      .with.property('code', 'BAD_USAGE');
    expect(() => selectPipelineJobs({ jobs: [], pipeline: [], only: ['x'] })).to.throw(
      UserError,
      "unknown job 'x' (jobs: none are configured)",
    );
  });

  it('accepts a job that is configured but not in this pipeline, which then does not run', () => {
    expect(selectPipelineJobs({ jobs, pipeline: ['build'], only: ['unit'] })).to.deep.equal([]);
  });

  it('otherwise selects as selectJobs does: dependencies on jobs left out are dropped', () => {
    expect(selectPipelineJobs({ jobs, pipeline: ['build', 'unit'], only: ['unit'] })).to.deep.equal([
      job('unit', 'make test', { dependencies: [] }),
    ]);
  });
});
