import { createHash } from 'node:crypto';
import type { JobDefinition, PrepareStep } from '../core/types.js';

/** Bumped when what a key covers changes, so that older entries stop answering. */
const KEY_VERSION = 1;

/**
 * The result-cache key of each job of one state's job list, by name: a SHA-256 over the job's effective
 * definition (after inheritance and selection) — its name, command, environment, timeout, working
 * directory and attempts, the workspace preparation steps, and, recursively, the keys of the jobs it
 * depends on, hard or soft — since each of those can change what the job does on a given tree. What
 * decides only *whether* a job runs (file matchers, pipelines) and how its result counts (`voting`) is
 * left out. Together with the state's tree id, the key names one run of the job.
 *
 * @param args.jobs one state's jobs as `runJobGraph` takes them: every dependency names a job in the list.
 */
export function jobCacheKeys(args: {
  jobs: readonly JobDefinition[];
  prepare: readonly PrepareStep[];
}): Map<string, string> {
  const byName = new Map(args.jobs.map((job) => [job.name, job]));
  const prepare = args.prepare.map((step) => ({ run: step.run, key: step.key, paths: step.paths }));
  const keys = new Map<string, string>();
  const keyOf = (job: JobDefinition): string => {
    const known = keys.get(job.name);
    if (known !== undefined) return known;
    const definition = {
      v: KEY_VERSION,
      name: job.name,
      run: job.run,
      env: Object.entries(job.env).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
      timeout: job.timeout ?? null,
      cwd: job.cwd ?? null,
      attempts: job.attempts,
      prepare,
      dependencies: job.dependencies.map((dependency) => ({
        name: dependency.name,
        soft: dependency.soft,
        key: keyOf(byName.get(dependency.name)!),
      })),
    };
    const key = createHash('sha256').update(JSON.stringify(definition)).digest('hex');
    keys.set(job.name, key);
    return key;
  };
  for (const job of args.jobs) keyOf(job);
  return keys;
}
