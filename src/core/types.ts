import type { SpeculativeState } from './queue/speculative-state.js';

/**
 * The domain vocabulary of specgate: plain data shared by the core, the adapters and the report.
 * Nothing here performs I/O.
 */

/** Result of one job execution, Zuul's vocabulary. */
export type JobResult = 'SUCCESS' | 'FAILURE' | 'TIMED_OUT' | 'SKIPPED' | 'ABORTED' | 'RETRY_LIMIT' | 'ERROR';

/** Result of one change in a pipeline. */
export type ChangeResult =
  'SUCCESS' | 'FAILURE' | 'MERGE_CONFLICT' | 'DEPENDENCY_FAILED' | 'DEPENDENCY_CYCLE';

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
  /**
   * Whether the result cache may answer for this job and keep its results (default true). Off for a job
   * whose outcome depends on more than the tree and its definition (the network, a deployment).
   */
  cache?: boolean;
  dependencies: JobDependency[];
  /** Directory relative to the state directory; default the state directory itself. */
  cwd?: string;
  /** Glob patterns: the job runs only if the change touches a file matching one of them. */
  files?: string[];
  /** Glob patterns: the job does not run if every file the change touches matches one of them. */
  irrelevantFiles?: string[];
}

/** A workspace preparation step: run once per distinct key, its products placed into each state. */
export interface PrepareStep {
  run: string;
  /** Files whose content, in the state, keys the cache. */
  key: string[];
  /** What the step produces, relative to the state directory. */
  paths: string[];
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

/**
 * A job's finished run on one tree, as the result cache keeps it: only results that running again would
 * repeat (SUCCESS, FAILURE, RETRY_LIMIT), never a timeout, an abort or a job that could not start. A
 * shard's partial result also hands on, for its own run only, a TIMED_OUT or an ERROR (see `KeptResult`).
 */
export interface RecordedRun {
  result: 'SUCCESS' | 'FAILURE' | 'RETRY_LIMIT' | 'TIMED_OUT' | 'ERROR';
  attempts: number;
  durationMs: number;
  message?: string;
  /** What its return file handed on: which dependents run, and their data. */
  childJobs?: string[];
  data?: Record<string, unknown>;
  /** The end of its log, kept for a run that did not succeed (the log itself stays on the machine). */
  logTail?: string;
  /** When it finished, ISO 8601. */
  at: string;
  /** The change whose state it ran on (as queued), when known: what `cache list` names the tree by. */
  change?: string;
}

/** A recorded run with what it is recorded under: the tree it ran on and the job's cache key. */
export interface KeptResult {
  tree: string;
  job: string;
  key: string;
  run: RecordedRun;
  /**
   * A result of this run only, never written to the notes: a timeout, a job that could not start, or a
   * job with `cache: false` (or depending on one). Shards hand these on so that `report merge` judges
   * what they ran rather than running it again.
   */
  transient?: boolean;
}

/**
 * What `check`/`gate --shard i/n --json` prints, and `specgate report merge` combines: the work one shard
 * did, and what it was asked, so that partials of different inputs are never combined.
 */
export interface PartialResult {
  partial: {
    /** Format of this document. */
    version: 1;
    shard: { index: number; total: number };
    /** A digest of everything that decides the verdict: target, changes, configuration, options. */
    inputs: string;
  };
  mode: Mode;
  target: { ref: string; sha: string };
  /** The changes as they were given on the command line, with the commits they named. */
  changes: Array<{ id: string; sha: string }>;
  /** The options that shape the run, for `report merge` to run the same pipeline. */
  options: { only?: string[]; strategy?: 'speculative' | 'batch'; window?: number };
  /** The states this shard tested and the outcomes of its jobs there. */
  units: Array<{ change: string; includes: string[]; speculativeSha: string; jobs: JobOutcome[] }>;
  /** Every job result this shard produced or used, for the result cache of whoever merges. */
  results: KeptResult[];
}

/** One job result in the result cache, as `specgate cache list` shows it. */
export interface CachedResult extends Omit<RecordedRun, 'logTail' | 'childJobs' | 'data'> {
  /** The tree the job ran on. */
  tree: string;
  job: string;
  /** The job's cache key: a digest of its effective definition. */
  key: string;
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

/** One job execution, aborted ones included: the history of a run. */
export interface BuildRecord {
  change: string;
  job: string;
  /** Ids, in merge order, of the changes in the state the job ran on. */
  includes: string[];
  result: JobResult;
}

/** The whole result of `plan`, `check` or `gate`: what `--json` prints. */
export interface PipelineResult {
  mode: Mode | 'plan';
  verdict: 'SUCCESS' | 'FAILURE';
  target: { ref: string; sha: string };
  changes: Array<ChangeVerdict & { pulledIn?: boolean }>;
  builds: BuildRecord[];
  /** Where the logs of this run are kept. */
  logDir?: string;
  /** State directories kept by `--keep`, by change id. */
  keptStates?: Record<string, string>;
}

/** A change as it enters the queue, for live progress. */
export interface QueuedChange {
  id: string;
  sha: string;
  dependsOn: string[];
  pulledIn: boolean;
}

/**
 * Receives progress while a pipeline runs. The workflow calls it; the report layer implements it (a live
 * listr2 view on a terminal, plain lines elsewhere). Every method is optional.
 */
export interface RunObserver {
  /** The resolved, ordered queue, before any state is built. */
  queued?(queue: QueuedChange[], target: { ref: string; sha: string }): void;
  /**
   * A speculative state for `change` was built and its jobs are about to run in its checkouts; without a
   * `dir` in them, every job's result comes from the result cache and nothing is checked out.
   */
  stateStarted?(change: string, includes: string[], state: SpeculativeState): void;
  /** The state `includes` of `change` was cancelled by a gate reset; a new state follows. */
  stateReset?(change: string, includes: string[]): void;
  /**
   * A prepare step of `change`'s state starts (it holds a slot of the run's limiter): its `run` command,
   * its 0-based `index` among the configured steps, and whether a complete cache entry for its key was
   * there when it started (`cached`; a hit can still turn into a run when the entry proves modified).
   */
  prepareStarted?(change: string, step: { run: string; index: number; cached: boolean }): void;
  /** That step ended: `ok`, whether its products came from the cache after all, and how long it took. */
  prepareFinished?(
    change: string,
    step: { run: string; index: number; ok: boolean; cached: boolean; durationMs: number; log?: string },
  ): void;
  jobStarted?(change: string, job: string, attempt: number, log: string): void;
  jobFinished?(change: string, outcome: JobOutcome): void;
  /** The final verdict on one change. */
  changeFinished?(verdict: ChangeVerdict): void;
  /** Something went wrong that does not change the verdict (the result cache could not be saved). */
  warning?(message: string): void;
}

/**
 * Whether one job would run for one change, and why: which pipeline or `--jobs` left it out, which file
 * matcher, pattern and file decided, a configuration change, or a skipped dependency.
 */
export interface JobChoice {
  name: string;
  runs: boolean;
  reason: string;
}

/** The jobs of every change of a queue: what `specgate jobs` prints. */
export interface JobListing {
  mode: Mode;
  target: { ref: string; sha: string };
  /**
   * Per change: the files it touches (between its merge base with the target and its tip, byte order),
   * and every configured job (abstract ones too, in declaration order) with whether it runs and why.
   */
  changes: Array<{ id: string; sha: string; files: string[]; jobs: JobChoice[] }>;
}

/** What happened to the target and the tag after the gate; the command renders it. */
export interface AdvanceOutcome {
  /** The target branch was moved (compare-and-swap) to the last accepted state. */
  merged?: { ref: string; from: string; to: string; changes: string[] };
  /** The target already held the last accepted state: nothing was moved, the index was not touched. */
  upToDate?: { ref: string; sha: string };
  /** A lightweight tag was created at the last accepted state. */
  tagged?: { ref: string; name: string; sha: string };
  /** The tag already pointed at the last accepted state (a re-run): nothing was done. */
  alreadyTagged?: { ref: string; name: string; sha: string };
  /** Nothing was accepted, so nothing was moved or tagged. */
  nothingAccepted?: boolean;
  /** `--tag` was asked for but some change was rejected, so no tag was created (the verdict's exit stays). */
  notTagged?: { name: string; rejected: string[] };
  /**
   * The merge or tag could not be carried out (the target moved, a lock was held, a dirty tree or an
   * untracked file in the way, the target checked out elsewhere, a tag elsewhere, a failure part-way that
   * was put back): nothing was changed. Exit 2.
   */
  refused?: { reason: string; message: string; paths?: string[]; suggestion?: string };
  /** Signals that arrived while the target was being moved, held back until it was complete. */
  deferredSignals?: string[];
}
