import { chooseJobs, type ChosenJobs, type GlobCompiler } from '../core/jobs/choose-jobs.js';
import type { ChangeScope, PlannedChange } from '../core/queue/pipeline-types.js';
import type { JobDefinition } from '../core/types.js';
import { unionOfScopes } from '../core/jobs/union-of-scopes.js';

/**
 * The jobs that apply to the changes judged on one state (any of them, for a batch or a bundle), and the
 * others as SKIPPED: `chooseJobs` over the union of their scopes. Without a file matcher among the jobs,
 * every job applies whatever the changes touch, so their files are not even listed (a tree walk per
 * change saved: a fully cached re-run is mostly this).
 */
export async function applicableJobs(args: {
  jobs: JobDefinition[];
  scope: (change: PlannedChange) => Promise<ChangeScope>;
  judged: PlannedChange[];
  /** How file matchers' patterns are compiled (the jobs adapter's `compileGlob`). */
  compileGlob: GlobCompiler;
}): Promise<ChosenJobs> {
  const { compileGlob } = args;
  if (!args.jobs.some((job) => (job.files?.length ?? 0) > 0 || (job.irrelevantFiles?.length ?? 0) > 0)) {
    return chooseJobs({ jobs: args.jobs, changedFiles: [], compileGlob });
  }
  const { files, configChangedJobs } = unionOfScopes(
    await Promise.all(args.judged.map((change) => args.scope(change))),
  );
  return chooseJobs({ jobs: args.jobs, changedFiles: files, configChangedJobs, compileGlob });
}
