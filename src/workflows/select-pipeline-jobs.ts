import { selectJobs } from '../core/jobs/select-jobs.js';
import type { JobDefinition } from '../core/types.js';
import { UserError } from '../errors/specgate-error.js';

/**
 * The jobs one pipeline runs (`selectJobs`), once every `only` name (`--jobs a,b`) is known to be a job:
 * an unknown name is a user error naming it and the jobs there are.
 */
export function selectPipelineJobs(args: {
  jobs: JobDefinition[];
  pipeline: string[];
  only?: string[];
}): JobDefinition[] {
  const known = new Set(args.jobs.map((job) => job.name));
  for (const name of args.only ?? []) {
    if (!known.has(name)) {
      const choices = [...known].join(', ') || 'none are configured';
      throw new UserError('BAD_USAGE', `--jobs: unknown job '${name}' (jobs: ${choices})`);
    }
  }
  return selectJobs(args);
}
