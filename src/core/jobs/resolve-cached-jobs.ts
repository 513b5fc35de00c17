import { jobSkipReason, type FinishedDependency } from './job-skip-reason.js';
import type { JobDefinition, RecordedRun } from '../types.js';

/** Which of a state's jobs the result cache answers, and whether anything is left to run. */
export interface CachedJobsPlan {
  /** Jobs whose recorded run stands for this run. */
  served: Set<string>;
  /**
   * True when some job must run (or might: one whose dependencies must run first), so the state needs a
   * directory; false when every job is either served or certainly skipped because of served ones.
   */
  workspaceNeeded: boolean;
}

/**
 * Decides how much of one state's job graph the result cache answers, given the recorded runs found for
 * its tree (`hits`, by job name):
 *
 * - A job is certainly skipped when its dependencies' ends are all known (served, or certainly skipped)
 *   and they skip it (a failed hard dependency, `child_jobs`), whatever the cache holds for it.
 * - Otherwise a job with a recorded run is served; one without must run.
 * - A job that must run needs the files its dependencies leave in the state directory, so every job it
 *   depends on (transitively, hard or soft) runs again rather than being served. That can make other
 *   jobs' skips uncertain, so the decision is repeated until nothing changes.
 *
 * `jobs` is one state's job list as `runJobGraph` takes it: every dependency names a job in it.
 */
export function resolveCachedJobs(args: {
  jobs: readonly JobDefinition[];
  hits: ReadonlyMap<string, RecordedRun>;
}): CachedJobsPlan {
  const { jobs, hits } = args;
  const byName = new Map(jobs.map((job) => [job.name, job]));
  const forced = new Set<string>();
  for (;;) {
    const status = classify(jobs, byName, hits, forced);
    const mustRun = jobs.filter((job) => status.get(job.name)!.kind === 'runs');
    const needed = dependencyClosure(mustRun, byName);
    const newlyForced = [...needed].filter(
      (name) => status.get(name)!.kind === 'served' && !forced.has(name),
    );
    if (newlyForced.length === 0) {
      const served = new Set(
        jobs.filter((job) => status.get(job.name)!.kind === 'served').map((job) => job.name),
      );
      return { served, workspaceNeeded: mustRun.length > 0 };
    }
    for (const name of newlyForced) forced.add(name);
  }
}

type Status =
  | { kind: 'served'; end: FinishedDependency }
  | { kind: 'skipped'; end: FinishedDependency }
  | { kind: 'runs' };

function classify(
  jobs: readonly JobDefinition[],
  byName: ReadonlyMap<string, JobDefinition>,
  hits: ReadonlyMap<string, RecordedRun>,
  forced: ReadonlySet<string>,
): Map<string, Status> {
  const status = new Map<string, Status>();
  const visit = (job: JobDefinition): Status => {
    const known = status.get(job.name);
    if (known) return known;
    const parents = job.dependencies.map((dependency) => visit(byName.get(dependency.name)!));
    let decided: Status;
    if (
      parents.every((parent) => parent.kind !== 'runs') &&
      jobSkipReason(
        job,
        parents.map((parent) => (parent as { end: FinishedDependency }).end),
      )
    ) {
      decided = { kind: 'skipped', end: { result: 'SKIPPED' } };
    } else {
      const hit = forced.has(job.name) ? undefined : hits.get(job.name);
      decided = hit
        ? { kind: 'served', end: { result: hit.result, childJobs: hit.childJobs } }
        : { kind: 'runs' };
    }
    status.set(job.name, decided);
    return decided;
  };
  for (const job of jobs) visit(job);
  return status;
}

/**
 * Every job that the given jobs depend on, transitively — through skipped ones too: in a run without the
 * cache, those further up would have run and left their files for the job that runs.
 */
function dependencyClosure(
  from: readonly JobDefinition[],
  byName: ReadonlyMap<string, JobDefinition>,
): Set<string> {
  const seen = new Set<string>();
  const stack = from.flatMap((job) => job.dependencies.map((dependency) => dependency.name));
  while (stack.length > 0) {
    const name = stack.pop()!;
    if (seen.has(name)) continue;
    seen.add(name);
    stack.push(...byName.get(name)!.dependencies.map((dependency) => dependency.name));
  }
  return seen;
}
