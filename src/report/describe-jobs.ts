import type { JobOutcome } from '../core/types.js';
import { countOf } from './count-of.js';

const failed = new Set(['FAILURE', 'TIMED_OUT', 'ERROR', 'RETRY_LIMIT']);

/**
 * A short reason derived from a change's jobs, for when the verdict carries no message of its own:
 * `2 jobs passed`, `job unit failed (FAILURE)`, `jobs unit, lint failed`, `no job ran`.
 */
export function describeJobs(jobs: readonly JobOutcome[]): string {
  if (jobs.length === 0) return 'no job ran';
  const voting = jobs.filter((job) => job.voting && failed.has(job.result));
  if (voting.length === 1) return `job ${voting[0].name} failed (${voting[0].result})`;
  if (voting.length > 1) return `jobs ${voting.map((job) => job.name).join(', ')} failed`;
  const passed = jobs.filter((job) => job.result === 'SUCCESS').length;
  return `${countOf(passed, 'job')} passed`;
}
