import type { ChangeVerdict, JobOutcome, PipelineResult } from '../core/types.js';

/**
 * The build that gave `change` the outcome of `job` when that build ran for another change: the batch
 * strategy tests a batch once, on the state of its last change, and every change of a passing batch is
 * judged by those jobs. Returns that change's id and the state's `includes` (the last such build, as a
 * bisected change may have been in several batches); `undefined` when the job ran for `change` itself, or
 * when the result records no builds.
 */
export function judgedBy(
  result: Pick<PipelineResult, 'builds'>,
  change: Pick<ChangeVerdict, 'id'>,
  job: Pick<JobOutcome, 'name'>,
): { change: string; includes: string[] } | undefined {
  const builds = result.builds.filter((build) => build.job === job.name);
  if (builds.some((build) => build.change === change.id)) return undefined;
  const batch = builds.findLast((build) => build.includes.includes(change.id));
  return batch ? { change: batch.change, includes: batch.includes } : undefined;
}
