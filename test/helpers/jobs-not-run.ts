import type { PipelineResult } from '../../src/core/types.js';

/**
 * The deciding jobs of `result` that no process of this run executed: those `cached: true` whose state
 * (the same changes merged, so the same tree) did not already run that job earlier in the same run. A
 * run reuses, within itself, a job it has run on a state it meets again (the batch strategy retests the
 * states of a failed batch); its `builds` then list the execution and the reuse. Empty when every result
 * was earned by this run, which is what a test that says "runs" or "gives the same verdict" must assert
 * before comparing verdicts (else the result cache, not the code under test, answers).
 */
export function jobsNotRun(result: PipelineResult): string[] {
  const key = (job: string, includes: string[]) => `${job}@${includes.join('+')}`;
  const seen = new Map<string, number>();
  for (const build of result.builds) {
    const at = key(build.job, build.includes);
    seen.set(at, (seen.get(at) ?? 0) + 1);
  }
  return result.changes.flatMap((change) =>
    change.jobs
      .filter((job) => job.cached && (seen.get(key(job.name, change.includes)) ?? 0) < 2)
      .map((job) => `${change.id}/${key(job.name, change.includes)}`),
  );
}
