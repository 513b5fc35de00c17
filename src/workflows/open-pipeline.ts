import path from 'node:path';
import type { SpecgateConfig } from '../config/types.js';
import type { ChangeScope, PipelineInput, PlannedChange } from '../core/queue/pipeline-types.js';
import type { ChangeVerdict, JobDefinition, Mode, RunObserver } from '../core/types.js';
import type { CacheEntry, ResultCache } from '../result-cache/create-result-cache.js';
import type { Adapters, Repository } from './adapters.js';
import { createMergeOp } from './create-merge-op.js';
import { createTestOp } from './create-test-op.js';
import { digestInputs } from './digest-inputs.js';
import { openRun, type QueueOptions } from './open-run.js';
import type { ResolvedQueue } from './resolve-queue.js';
import { scopeChange } from './scope-change.js';
import { selectPipelineJobs } from './select-pipeline-jobs.js';
import { targetStateOf } from './target-state-of.js';
import { withBundles } from './with-bundles.js';

/** Options of the commands that run jobs: `check`, `gate`, a shard of either, `report merge`. */
export interface RunOptions extends QueueOptions {
  /** `--jobs`: only these jobs. */
  only?: string[];
  /** `-j`: most jobs running at once, in total; default the number of CPUs. */
  concurrency?: number;
  keep: boolean;
  workDir?: string;
  signal: AbortSignal;
  observer: RunObserver;
  /** Gate only: how the dependent pipeline finds its answer (default speculative). */
  strategy?: GateStrategy;
  /** Gate only, speculative: most changes tested at once (default: the whole queue). */
  window?: number;
  /** false for `--no-cache`: run every job, whatever the result cache holds (results are still kept). */
  cache?: boolean;
  /** Job results handed in (shards' partial results): served first, and kept in the result cache. */
  given?: readonly CacheEntry[];
  /** Called with the digest of the inputs before anything is written; may throw to stop the run. */
  checkInputs?: (inputs: string, queue: ResolvedQueue) => void;
}

/** How `gate` finds serial merging's answer: all states at once with resets, or bors-style batches. */
export type GateStrategy = 'speculative' | 'batch';

/** A run, ready to build and test states. */
export interface OpenedPipeline {
  repository: Repository;
  config: SpecgateConfig;
  /** The queue as resolved, before cycles were bundled. */
  resolved: ResolvedQueue;
  /** The pipelines' input: the queue with cycles bundled when allowed, and the merge and test operations. */
  input: PipelineInput;
  unbundle: ReturnType<typeof withBundles>['unbundle'];
  /** The jobs of this pipeline (`pipelines` and `--jobs` applied). */
  jobs: JobDefinition[];
  /** The digest of what decides the verdict (see `digestInputs`). */
  inputs: string;
  scope: (change: PlannedChange) => Promise<ChangeScope>;
  cache: ResultCache;
  logDir: string;
  keptStates: Record<string, string>;
  /** Removes the state directories (unless `keep`) and saves the job results in the result cache. */
  close(): Promise<void>;
}

/**
 * Opens the repository and configuration, resolves the queue, and wires the operations every pipeline
 * uses: merges, and tests that ask the result cache (git notes) before checking anything out. Call
 * `close()` when done, on success, failure or interruption.
 *
 * @param args.narrow passed to the test operation: a shard keeps only its own jobs of each state.
 */
export async function openPipeline(
  mode: Mode,
  options: RunOptions,
  args: {
    narrow?: (change: PlannedChange, jobs: JobDefinition[]) => JobDefinition[];
  } = {},
): Promise<OpenedPipeline> {
  const startedMs = Date.now();
  const opened = await openRun(options);
  const { repository, config } = opened;
  const { jobs: runner, files } = options.adapters;
  const { queue, unbundle } = withBundles(opened.queue, config.allowCircularDependencies);
  const jobs = selectPipelineJobs({
    jobs: config.jobs,
    pipeline: config.pipelines[mode],
    only: options.only,
  });
  const inputs = digestInputs({ mode, queue: opened.queue, jobs, config });
  options.checkInputs?.(inputs, opened.queue);
  const workDir = await runner.createWorkDir({ requested: options.workDir });
  const logDir = await runner.createRunLogDir({ gitdir: repository.gitdir });
  const keptStates: Record<string, string> = {};
  const cache = runner.openResultCache({
    notes: repository.notes,
    readStore: options.cache !== false,
    given: options.given,
    warn: (message) => options.observer.warning?.(message),
  });
  const scopes = new Map<string, Promise<ChangeScope>>();
  const scope = (change: PlannedChange) => {
    let known = scopes.get(change.id);
    if (!known)
      scopes.set(
        change.id,
        (known = scopeChange({ repository, config, targetSha: queue.target.sha, change })),
      );
    return known;
  };
  const test = createTestOp({
    repository,
    adapters: { jobs: runner, files },
    target: queue.target,
    jobs,
    scope,
    prepare: config.prepare,
    prepareCacheDir: path.join(repository.commonDir, 'specgate', 'cache', 'prepare'),
    workDir,
    logDir,
    limiter: runner.createLimiter(options.concurrency),
    priority: queuePosition(queue.queue),
    signal: options.signal,
    keep: options.keep,
    observer: options.observer,
    keptStates,
    cache,
    narrow: args.narrow,
  });
  const ops = {
    merge: createMergeOp({
      repository,
      target: queue.target,
      queue: queue.queue,
      mode: config.mergeMode,
      memo: options.cache === false ? undefined : repository.openMergeMemo(),
    }),
    test,
    decided: (verdict: ChangeVerdict) => options.observer.changeFinished?.(verdict),
    reset: (change: string, includes: string[]) => options.observer.stateReset?.(change, includes),
  };
  return {
    repository,
    config,
    resolved: opened.queue,
    input: { ...queue, base: targetStateOf(repository, queue.target), ops },
    unbundle,
    jobs,
    inputs,
    scope,
    cache,
    logDir,
    keptStates,
    async close() {
      await workDir.cleanup({ keep: options.keep });
      await cache.flush().catch((error: unknown) => {
        // The verdict stands without the cache; the next run just runs these jobs again.
        options.observer.warning?.(
          `could not save job results in the result cache: ${(error as Error).message}`,
        );
      });
      if (config.cacheMaxBytes !== undefined && !options.signal.aborted)
        await keepCacheBound(options.adapters.caches, repository, config.cacheMaxBytes, startedMs).catch(
          (error: unknown) => {
            // A cache that stays a little too big is no reason to fail a run.
            options.observer.warning?.(`could not prune the caches: ${(error as Error).message}`);
          },
        );
      await repository.close();
    },
  };
}

/**
 * A change's position in `queue` (a bundle's: its first member's), the slot priority of its jobs and
 * prepare steps; a change not in it ranks behind all of them.
 */
function queuePosition(queue: PlannedChange[]): (change: PlannedChange) => number {
  const positions = new Map<string, number>();
  for (const [index, change] of queue.entries()) {
    for (const id of [change.id, ...(change.members ?? []).map((member) => member.id)])
      if (!positions.has(id)) positions.set(id, index);
  }
  return (change) => positions.get(change.id) ?? positions.get(change.members?.[0]?.id ?? '') ?? queue.length;
}

/**
 * Prunes the caches under `.git/specgate` to `maxBytes` (config `cache.max-size`), least recently used
 * first, never an entry used since `sinceMs` (the start of this run: its log directory, the workspaces
 * and merges it used, and those of runs going on beside it).
 */
async function keepCacheBound(
  caches: Adapters['caches'],
  repository: Repository,
  maxBytes: number,
  sinceMs: number,
): Promise<void> {
  const survey = await caches.survey({ gitdir: repository.gitdir, commonDir: repository.commonDir });
  await caches.remove({ survey, maxBytes, keepUsedSinceMs: sinceMs, nowMs: Date.now() });
}
