import path from 'node:path';
import { jobEnvironment } from '../core/jobs/job-environment.js';
import { homeCheckout, withCheckout, type ProjectCheckout } from '../core/queue/speculative-state.js';
import type { PlannedChange, StateOps } from '../core/queue/pipeline-types.js';
import { resolveCachedJobs } from '../core/jobs/resolve-cached-jobs.js';
import type { JobDefinition, JobOutcome, PrepareStep, RecordedRun, RunObserver } from '../core/types.js';
import { UserError } from '../errors/specgate-error.js';
import { toUserError } from '../errors/to-user-error.js';
import { withPath } from '../errors/with-path.js';
import type { Limiter } from '../jobs/create-limiter.js';
import { runAndHandOn } from '../jobs/run-and-hand-on.js';
import { cacheableJobs } from '../core/jobs/cacheable-jobs.js';
import { jobCacheKeys } from '../result-cache/job-cache-keys.js';
import type { ResultCache } from '../result-cache/create-result-cache.js';
import type { WorkDir } from '../jobs/create-work-dir.js';
import type { Adapters, Repository } from './adapters.js';
import { applicableJobs } from './applicable-jobs.js';
import type { ChangeScope } from '../core/queue/pipeline-types.js';

/** Everything the tests of one run share. */
export interface TestOpContext {
  repository: Pick<Repository, 'readCommit' | 'materializeState' | 'updateState'>;
  /** The job runner and the file system (to start afresh a state directory a job wrecked). */
  adapters: Pick<Adapters, 'jobs' | 'files'>;
  target: { ref: string; sha: string };
  jobs: JobDefinition[];
  /** The files and configuration a change touches, for file matchers (memoised by the caller). */
  scope: (change: PlannedChange) => Promise<ChangeScope>;
  /** Workspace preparation steps, run (or taken from `prepareCacheDir`) before the jobs of each state. */
  prepare: PrepareStep[];
  prepareCacheDir: string;
  workDir: WorkDir;
  logDir: string;
  /** Shared by every job and prepare step of the run: `-j N` bounds them together. */
  limiter: Limiter;
  /**
   * The slot priority of a change's jobs and prepare steps: its position in the queue, so that under `-j`
   * the head of the queue is served before its tail (lower first); default 0 for every change.
   */
  priority?: (change: PlannedChange) => number;
  signal: AbortSignal;
  keep: boolean;
  observer: RunObserver;
  /** Filled with the directory of every kept state, by change id. */
  keptStates: Record<string, string>;
  /** The result cache: asked before a state is checked out, told of every finished job. */
  cache?: ResultCache;
  /** Narrows a state's applicable jobs (a shard runs only its own); default all of them. */
  narrow?: (change: PlannedChange, jobs: JobDefinition[]) => JobDefinition[];
}

/**
 * The `test` operation of the pipelines: asks the result cache for the tree of the state's home checkout
 * (the one project of every state today; DESIGN.md, "Several repositories") first; unless it answers for
 * every job, checks that checkout out into its own directory (reusing, and updating path by path, a
 * directory whose jobs are done), runs the jobs there with the SPECGATE_* environment, records
 * their results in the cache, and keeps the directory only with `keep`. A build cancelled
 * through its own `signal` (a gate reset) resolves with ABORTED jobs; an interruption of the whole run
 * (`run.signal`) rejects, so that no later state starts.
 */
export function createTestOp(run: TestOpContext): NonNullable<StateOps['test']> {
  const logNames = new Set<string>();
  // Directories whose jobs are done: the next state is written over one of them, path by path, since
  // consecutive states differ by about one change (far cheaper than writing the whole tree again).
  const released: string[] = [];
  const checkOut = async (sha: string, change: string): Promise<string> => {
    const { materializeState, updateState } = run.repository;
    const reused = released.pop();
    if (reused !== undefined) {
      try {
        await updateState({ dir: reused, commitOid: sha });
        return reused;
      } catch (error) {
        // The disk is full or the place unwritable: writing the state afresh would fail the same way.
        if (isEnvironmentFault(error)) throw withPath(error, reused);
        // A job may have wrecked the directory (deleted .git, made parts unreadable): start afresh.
        await run.adapters.files.remove(reused).catch(() => undefined);
      }
    }
    const dir = await run.workDir.createStateDir(change);
    await materializeState({ commitOid: sha, dir }).catch((error: unknown) => {
      // A full disk or a read-only place: the one-line report names the state directory.
      throw withPath(error, dir);
    });
    return dir;
  };
  return async ({ change, state, includes, signal: cancelled, judged }) => {
    if (run.signal.aborted) throw run.signal.reason;
    const signal = cancelled ? AbortSignal.any([run.signal, cancelled]) : run.signal;
    const applicable = await applicableJobs({
      jobs: run.jobs,
      scope: run.scope,
      judged: judged ?? [change],
      compileGlob: run.adapters.jobs.compileGlob,
    });
    const jobs = run.narrow ? run.narrow(change, applicable.run) : applicable.run;
    const { skipped } = applicable;
    // No job applies: nothing to check out or run; the change passes on the merge alone.
    if (jobs.length === 0) return skipped;
    const given = homeCheckout(state);
    const cached = await askCache(run, given, jobs, change.id);
    // The state as its jobs see it: its home checkout with the tree read and the directory it is in.
    const checkout = { ...given, ...(cached.tree !== undefined && { tree: cached.tree }) };
    let dir: string | undefined;
    try {
      dir = cached.workspaceNeeded ? await checkOut(given.sha, change.id) : undefined;
    } catch (error) {
      // A required filter driver failing (as `git checkout` would fail) says nothing of the change: its
      // jobs could not run, which is an ERROR, not a crash of the whole run.
      if (!(error instanceof UserError && error.code === 'CHECKOUT_FILTER')) throw error;
      run.observer.stateStarted?.(change.id, includes, withCheckout(state, checkout));
      const outcomes = checkoutFailed(jobs, error.message);
      for (const outcome of outcomes) run.observer.jobFinished?.(change.id, outcome);
      return [...outcomes, ...skipped];
    }
    const home = { ...checkout, ...(dir !== undefined && { dir }) };
    const speculative = withCheckout(state, home);
    run.observer.stateStarted?.(change.id, includes, speculative);
    let logName = change.id.replace(/[^A-Za-z0-9._-]+/g, '_');
    for (let n = 2; logNames.has(logName); n += 1) logName = `${logName}-${n}`;
    logNames.add(logName);
    const env = jobEnvironment({ state: { change, includes, target: run.target, speculative } });
    const priority = run.priority?.(change) ?? 0;
    // The jobs' limiter: the run's, whose first slot may be the one the preparation hands on.
    let limiter = run.limiter;
    let releaseSlot = (): void => {};
    try {
      if (home.dir !== undefined && run.prepare.length > 0) {
        const workspace = home.dir;
        // The preparation holds one slot of the limiter for all its steps (they run one after the other), as
        // a job would: `-j N` counts `npm ci` too, and hands it on to the state's first job. A state cancelled
        // while waiting never prepares.
        const handedOn = await runAndHandOn({
          limiter: run.limiter,
          keep: (outcome) => outcome.ok && !signal.aborted,
          signal,
          priority,
          task: () =>
            run.adapters.jobs.prepareWorkspace({
              steps: run.prepare,
              workspace,
              cacheDir: run.prepareCacheDir,
              logDir: path.join(run.logDir, logName),
              env,
              signal,
              onStep: (event) => {
                // A cancelled state's preparation is history, not progress.
                if (cancelled?.aborted) return;
                if (event.type === 'start')
                  run.observer.prepareStarted?.(change.id, {
                    run: event.run,
                    index: event.index,
                    cached: event.cached,
                  });
                else
                  run.observer.prepareFinished?.(change.id, {
                    run: event.outcome.run,
                    index: event.index,
                    ok: event.ok,
                    cached: event.outcome.cached,
                    durationMs: event.outcome.durationMs,
                    ...(event.outcome.log !== undefined && { log: event.outcome.log }),
                  });
              },
            }),
        }).catch((error: unknown) => {
          if (!signal.aborted) throw error;
          const result = { ok: false, message: 'the preparation was cancelled before it started', steps: [] };
          return { result, next: run.limiter, release: () => undefined };
        });
        limiter = handedOn.next;
        releaseSlot = handedOn.release;
        const prepared = handedOn.result;
        if (run.signal.aborted) throw run.signal.reason;
        if (!prepared.ok) return [...preparationFailed(jobs, prepared, signal.aborted), ...skipped];
      }
      const faults = new Map<string, UserError>();
      const outcomes = await run.adapters.jobs.runJobGraph({
        jobs,
        workspace: home.dir,
        served: cached.served,
        env,
        logDir: path.join(run.logDir, logName),
        limiter,
        priority,
        signal,
        onEvent: (event) => {
          if (event.type === 'end') {
            cached.record(event.outcome, event.returned);
            const fault =
              event.fault && toUserError(Object.assign(event.fault.error, { path: event.fault.path }));
            if (fault) faults.set(event.job, fault);
          }
          // A cancelled state's last words (its jobs ending ABORTED) are history, not progress.
          if (cancelled?.aborted) return;
          if (event.type === 'start')
            run.observer.jobStarted?.(change.id, event.job, event.attempt, event.log);
          else run.observer.jobFinished?.(change.id, event.outcome);
        },
      });
      // An interrupted run ends here: the jobs were stopped, and no later state should start.
      if (run.signal.aborted) throw run.signal.reason;
      // A job whose log could not be written (a full disk) says nothing of the change: the run ends, exit 2.
      for (const outcome of outcomes) {
        const fault = faults.get(outcome.name);
        if (fault) throw fault;
      }
      return [...outcomes, ...skipped];
    } finally {
      // The preparation's slot, if no job took it (all served from the cache, or none could start).
      releaseSlot();
      // Kept states stay as they are; the others are reused for the next state, and all are removed with
      // the work directory at the end of the run.
      if (dir === undefined) {
        // Served from the cache: no directory was made.
      } else if (run.keep && !cancelled?.aborted) run.keptStates[change.id] = dir;
      else if (!run.keep) released.push(dir);
    }
  };
}

/** Faults of the place itself, not of what a job left in it (an unreadable file is started afresh). */
function isEnvironmentFault(error: unknown): boolean {
  return ['ENOSPC', 'EDQUOT', 'EROFS', 'EMFILE', 'ENFILE'].includes(
    (error as NodeJS.ErrnoException).code ?? '',
  );
}

/**
 * What the result cache knows of `jobs` on the tree of `checkout` (read from its commit unless the state
 * already knows it): the recorded runs that stand for this run, whether a directory is needed at all
 * (always, with `keep`: the user asked to see the state), and how to record a job that finishes. The notes answer and keep only cacheable jobs (`cacheableJobs`);
 * results handed to this run (shards') answer for every job.
 */
async function askCache(
  run: TestOpContext,
  checkout: ProjectCheckout,
  jobs: JobDefinition[],
  change: string,
) {
  const { cache } = run;
  if (cache === undefined)
    return {
      served: new Map<string, RecordedRun>(),
      workspaceNeeded: true,
      record: () => undefined,
      tree: undefined,
    };
  const tree = checkout.tree ?? (await run.repository.readCommit(checkout.sha)).tree;
  const keys = jobCacheKeys({ jobs, prepare: run.prepare });
  const cacheable = cacheableJobs(jobs);
  const hits = await cache.lookup(tree, keys, cacheable);
  const { served, workspaceNeeded } = resolveCachedJobs({ jobs, hits });
  return {
    served: new Map([...hits].filter(([name]) => served.has(name))),
    workspaceNeeded: workspaceNeeded || run.keep,
    /** The state's tree, for its checkout: read only when there is a cache to ask. */
    tree: tree as string | undefined,
    record: (outcome: JobOutcome, returned?: Pick<RecordedRun, 'childJobs' | 'data'>) => {
      const key = keys.get(outcome.name);
      if (key !== undefined && !outcome.cached)
        cache.record({ tree, key, outcome, returned, cacheable: cacheable.has(outcome.name), change });
    },
  };
}

/** A state that could not be checked out: every job it was for is an ERROR that says why. */
function checkoutFailed(jobs: JobDefinition[], reason: string): JobOutcome[] {
  return jobs.map((job) => ({
    name: job.name,
    result: 'ERROR' as const,
    voting: job.voting,
    attempts: 0,
    cached: false,
    durationMs: 0,
    message: `the state could not be checked out: ${reason}`,
  }));
}

/** A failed (or aborted) preparation: reported as a `prepare` job, and the jobs it was for as SKIPPED. */
function preparationFailed(
  jobs: JobDefinition[],
  prepared: { message: string; steps: Array<{ durationMs: number; log?: string }> },
  aborted: boolean,
): JobOutcome[] {
  const last = prepared.steps[prepared.steps.length - 1];
  return [
    {
      name: 'prepare',
      result: aborted ? 'ABORTED' : 'FAILURE',
      voting: true,
      attempts: 1,
      cached: false,
      durationMs: prepared.steps.reduce((sum, step) => sum + step.durationMs, 0),
      log: last?.log,
      message: prepared.message,
    },
    ...jobs.map((job) => ({
      name: job.name,
      result: 'SKIPPED' as const,
      voting: job.voting,
      attempts: 0,
      cached: false,
      durationMs: 0,
      message: 'the workspace could not be prepared',
    })),
  ];
}
