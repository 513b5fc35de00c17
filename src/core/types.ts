/**
 * The domain vocabulary of specgate: plain data shared by the core, the adapters and the report.
 * Nothing here performs I/O.
 */

/** Result of one job execution, Zuul's vocabulary. */
export type JobResult = 'SUCCESS' | 'FAILURE' | 'TIMED_OUT' | 'SKIPPED' | 'ABORTED' | 'RETRY_LIMIT' | 'ERROR';

/** Result of one change in a pipeline. */
export type ChangeResult = 'SUCCESS' | 'FAILURE' | 'MERGE_CONFLICT' | 'DEPENDENCY_FAILED' | 'DEPENDENCY_CYCLE';

/** The two pipelines: independent (`check`) and dependent (`gate`). */
export type Mode = 'check' | 'gate';

/** A dependency of one job on another. A hard dependency must succeed; a soft one only orders. */
export interface JobDependency {
  name: string;
  soft: boolean;
}

/** A job after config normalisation: everything resolved, ready to run. */
export interface JobDefinition {
  name: string;
  /** Shell command, run by `/bin/sh -c` in the state directory (or `cwd` below it). */
  run: string;
  env: Record<string, string>;
  /** Seconds; undefined means no limit. */
  timeout?: number;
  voting: boolean;
  /** Total number of runs allowed for a failing job (1 = no retry). */
  attempts: number;
  dependencies: JobDependency[];
  /** Directory relative to the state directory; default the state directory itself. */
  cwd?: string;
}

/** The outcome of one job on one speculative state. */
export interface JobOutcome {
  name: string;
  result: JobResult;
  voting: boolean;
  attempts: number;
  cached: boolean;
  durationMs: number;
  /** Path of the job's log file, when the job started. */
  log?: string;
  /** Why the job has this result, for results that are not self-explanatory (SKIPPED, ERROR, TIMED_OUT). */
  message?: string;
}

/** A change as the user queued it (or as a dependency pulled it in), resolved to a commit. */
export interface ResolvedChange {
  /** The name the user gave (`feature-a`, `HEAD`, a sha): the change's identity in all output. */
  id: string;
  /** Commit id of the change's tip. */
  sha: string;
  /** True when the change was not queued by the user but pulled in as a dependency. */
  pulledIn: boolean;
}

/** The verdict on one change. */
export interface ChangeVerdict {
  id: string;
  sha: string;
  result: ChangeResult;
  /** Ids of the changes this change depends on (after dropping those already in the target). */
  dependsOn: string[];
  /** Ids, in merge order, of the changes in the state on which this change's result was decided. */
  includes: string[];
  /** Commit id of that state, when one was built. */
  speculativeSha?: string;
  /** Human explanation of the result. */
  message: string;
  jobs: JobOutcome[];
}
