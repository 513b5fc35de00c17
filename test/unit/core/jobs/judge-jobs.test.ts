import { expect } from 'chai';
import { judgeJobs } from '../../../../src/core/jobs/judge-jobs.js';
import type { JobOutcome, JobResult } from '../../../../src/core/types.js';

const job = (name: string, result: JobResult, voting = true): JobOutcome => ({
  name,
  result,
  voting,
  attempts: 1,
  cached: false,
  durationMs: 1,
});

describe('judgeJobs', () => {
  it('passes a change with no jobs and says nothing ran', () => {
    expect(judgeJobs([])).to.deep.equal({ passed: true, message: 'no job applies; nothing ran' });
  });

  it('says nothing ran when every job was skipped', () => {
    expect(judgeJobs([job('docs', 'SKIPPED'), job('unit', 'SKIPPED')])).to.deep.equal({
      passed: true,
      message: 'no job applies; nothing ran (2 skipped)',
    });
  });

  it('passes when every voting job succeeded or was skipped', () => {
    const judgement = judgeJobs([job('build', 'SUCCESS'), job('docs', 'SKIPPED')]);
    expect(judgement.passed).to.equal(true);
    expect(judgement.message).to.equal('1 voting job passed; 1 skipped');
  });

  it('ignores failing non-voting jobs but mentions them', () => {
    const judgement = judgeJobs([job('build', 'SUCCESS'), job('lint', 'FAILURE', false)]);
    expect(judgement.passed).to.equal(true);
    expect(judgement.message).to.contain('non-voting lint (FAILURE)');
  });

  for (const result of ['FAILURE', 'TIMED_OUT', 'ABORTED', 'RETRY_LIMIT', 'ERROR'] as const) {
    it(`rejects when a voting job ends ${result}, naming it`, () => {
      const judgement = judgeJobs([job('build', 'SUCCESS'), job('unit', result)]);
      expect(judgement).to.deep.equal({ passed: false, message: `job unit (${result}) did not succeed` });
    });
  }
});
