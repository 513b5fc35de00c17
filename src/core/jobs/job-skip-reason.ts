import type { JobDefinition, JobResult } from '../types.js';

/** What a job's dependents need to know of it once it has finished. */
export interface FinishedDependency {
  result: JobResult;
  /** The `child_jobs` its return file named, when it wrote one. */
  childJobs?: string[];
}

/**
 * Why `job` must not run, given its dependencies' ends (in `job.dependencies` order), if it must not: a
 * hard dependency that did not succeed, else a parent whose `child_jobs` left it out. A soft dependency
 * only orders. A failed hard dependency is the more fundamental reason, so it is reported first.
 */
export function jobSkipReason(
  job: JobDefinition,
  parents: readonly FinishedDependency[],
): string | undefined {
  for (const [i, dependency] of job.dependencies.entries()) {
    const result = parents[i].result;
    if (!dependency.soft && result !== 'SUCCESS')
      return `dependency ${dependency.name} did not succeed (${result})`;
  }
  for (const [i, dependency] of job.dependencies.entries()) {
    const childJobs = parents[i].childJobs;
    if (childJobs !== undefined && !childJobs.includes(job.name))
      return `not chosen by ${dependency.name}'s child_jobs`;
  }
  return undefined;
}
