import type { JobDefinition } from '../types.js';

/**
 * The jobs one pipeline runs, in the order configured: those its `pipelines` entry names (every job by
 * default), narrowed to `only` (`--jobs a,b`) when given. Dependencies on jobs left out are dropped, since
 * they will not run. `only` is expected to name jobs (the caller refuses one that does not, as
 * `selectPipelineJobs` does); a name that is no job selects nothing.
 */
export function selectJobs(args: {
  jobs: readonly JobDefinition[];
  pipeline: readonly string[];
  only?: readonly string[];
}): JobDefinition[] {
  const chosen = new Set(args.pipeline.filter((name) => !args.only || args.only.includes(name)));
  return args.jobs
    .filter((job) => chosen.has(job.name))
    .map((job) => ({ ...job, dependencies: job.dependencies.filter((dep) => chosen.has(dep.name)) }));
}
