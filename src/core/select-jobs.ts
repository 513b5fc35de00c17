import type { JobDefinition } from '../core/types.js';
import { UserError } from '../errors/specgate-error.js';

/**
 * The jobs one pipeline runs: those its `pipelines` entry names (every job by default), narrowed to
 * `only` (`--jobs a,b`) when given. Dependencies on jobs left out are dropped, since they will not run.
 * An `only` name that is no job is a user error naming it.
 */
export function selectJobs(args: { jobs: JobDefinition[]; pipeline: string[]; only?: string[] }): JobDefinition[] {
  const known = new Set(args.jobs.map((job) => job.name));
  for (const name of args.only ?? []) {
    if (!known.has(name)) {
      const choices = [...known].join(', ') || 'none are configured';
      throw new UserError('BAD_USAGE', `--jobs: unknown job '${name}' (jobs: ${choices})`);
    }
  }
  const chosen = new Set(args.pipeline.filter((name) => !args.only || args.only.includes(name)));
  return args.jobs
    .filter((job) => chosen.has(job.name))
    .map((job) => ({ ...job, dependencies: job.dependencies.filter((dep) => chosen.has(dep.name)) }));
}
