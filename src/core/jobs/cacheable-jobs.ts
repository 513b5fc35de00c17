import type { JobDefinition } from '../types.js';

/**
 * The jobs of one state's list whose results the result cache may serve and keep: not `cache: false`,
 * and depending (transitively, hard or soft) on no job that is — a dependent's result is only as
 * repeatable as what its dependencies left in the directory and handed on.
 *
 * @param jobs one state's jobs as `runJobGraph` takes them: every dependency names a job in the list.
 */
export function cacheableJobs(jobs: readonly JobDefinition[]): Set<string> {
  const byName = new Map(jobs.map((job) => [job.name, job]));
  const known = new Map<string, boolean>();
  const cacheable = (job: JobDefinition): boolean => {
    let answer = known.get(job.name);
    if (answer === undefined) {
      answer =
        job.cache !== false &&
        job.dependencies.every((dependency) => cacheable(byName.get(dependency.name)!));
      known.set(job.name, answer);
    }
    return answer;
  };
  return new Set(jobs.filter(cacheable).map((job) => job.name));
}
