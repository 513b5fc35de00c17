import type { JobOutcome } from '../types.js';

/** Whether a change's jobs let it pass, and why. */
export interface JobJudgement {
  passed: boolean;
  message: string;
}

/**
 * Applies the verdict rule: a change passes iff every voting job is SUCCESS or SKIPPED; non-voting jobs never
 * decide. A change to which no job applies passes, and the message says that nothing ran.
 */
export function judgeJobs(outcomes: readonly JobOutcome[]): JobJudgement {
  if (outcomes.length === 0) return { passed: true, message: 'no job applies; nothing ran' };
  if (outcomes.every((job) => job.result === 'SKIPPED')) {
    return { passed: true, message: `no job applies; nothing ran (${outcomes.length} skipped)` };
  }
  const failed = outcomes.filter((job) => job.voting && job.result !== 'SUCCESS' && job.result !== 'SKIPPED');
  if (failed.length > 0) {
    const what = failed.map((job) => `${job.name} (${job.result})`).join(', ');
    return { passed: false, message: `${failed.length === 1 ? 'job' : 'jobs'} ${what} did not succeed` };
  }
  const ran = outcomes.filter((job) => job.result === 'SUCCESS' && job.voting).length;
  const skipped = outcomes.filter((job) => job.result === 'SKIPPED').length;
  const advisory = outcomes.filter(
    (job) => !job.voting && job.result !== 'SUCCESS' && job.result !== 'SKIPPED',
  );
  const parts = [`${ran} voting ${ran === 1 ? 'job' : 'jobs'} passed`];
  if (skipped > 0) parts.push(`${skipped} skipped`);
  if (advisory.length > 0)
    parts.push(`non-voting ${advisory.map((job) => `${job.name} (${job.result})`).join(', ')}`);
  return { passed: true, message: parts.join('; ') };
}
