import fs from 'node:fs/promises';
import path from 'node:path';
import type { PlannedChange, StateOps } from '../core/pipeline-types.js';
import type { JobDefinition, JobOutcome, PrepareStep, RunObserver } from '../core/types.js';
import type { GitContext } from '../git/git-context.js';
import { materializeState } from '../git/materialize-state.js';
import { updateState } from '../git/update-state.js';
import type { Limiter } from '../jobs/create-limiter.js';
import { chooseJobs } from '../jobs/choose-jobs.js';
import { prepareWorkspace } from '../jobs/prepare-workspace.js';
import { runJobGraph } from '../jobs/run-job-graph.js';
import type { WorkDir } from './create-work-dir.js';
import type { ChangeScope } from './scope-change.js';
import { unionOfScopes } from './union-of-scopes.js';

/** Everything the tests of one run share. */
export interface TestOpContext {
  ctx: GitContext;
  target: { ref: string; sha: string };
  jobs: JobDefinition[];
  /** The files and configuration a change touches, for file matchers (memoised by the caller). */
  scope: (change: PlannedChange) => Promise<ChangeScope>;
  /** Workspace preparation steps, run (or taken from `prepareCacheDir`) before the jobs of each state. */
  prepare: PrepareStep[];
  prepareCacheDir: string;
  workDir: WorkDir;
  logDir: string;
  limiter: Limiter;
  signal: AbortSignal;
  keep: boolean;
  observer: RunObserver;
  /** Filled with the directory of every kept state, by change id. */
  keptStates: Record<string, string>;
}

/**
 * The `test` operation of the pipelines: checks the state out into its own directory (reusing, and
 * updating path by path, a directory whose jobs are done), runs the jobs there with the SPECGATE_*
 * environment, and keeps the directory only with `keep`. A build cancelled
 * through its own `signal` (a gate reset) resolves with ABORTED jobs; an interruption of the whole run
 * (`run.signal`) rejects, so that no later state starts.
 */
export function createTestOp(run: TestOpContext): NonNullable<StateOps['test']> {
  const logNames = new Set<string>();
  // Directories whose jobs are done: the next state is written over one of them, path by path, since
  // consecutive states differ by about one change (far cheaper than writing the whole tree again).
  const released: string[] = [];
  const checkOut = async (sha: string, change: string): Promise<string> => {
    const reused = released.pop();
    if (reused !== undefined) {
      try {
        await updateState({ ctx: run.ctx, dir: reused, commitOid: sha });
        return reused;
      } catch {
        // A job may have wrecked the directory (deleted .git, made parts unreadable): start afresh.
        await fs.rm(reused, { recursive: true, force: true }).catch(() => undefined);
      }
    }
    const dir = run.workDir.nextStateDir(change);
    await materializeState({ ctx: run.ctx, commitOid: sha, dir });
    return dir;
  };
  return async ({ change, sha, includes, signal: cancelled, judged }) => {
    if (run.signal.aborted) throw run.signal.reason;
    const signal = cancelled ? AbortSignal.any([run.signal, cancelled]) : run.signal;
    const { run: jobs, skipped } = await applicableJobs(run, judged ?? [change]);
    // No job applies: nothing to check out or run; the change passes on the merge alone.
    if (jobs.length === 0) return skipped;
    const dir = await checkOut(sha, change.id);
    run.observer.stateStarted?.(change.id, includes, sha, dir);
    let logName = change.id.replace(/[^A-Za-z0-9._-]+/g, '_');
    for (let n = 2; logNames.has(logName); n += 1) logName = `${logName}-${n}`;
    logNames.add(logName);
    const env = {
      SPECGATE: '1',
      SPECGATE_CHANGE: change.id,
      SPECGATE_CHANGE_SHA: change.sha,
      SPECGATE_CHANGES: includes.join(' '),
      SPECGATE_TARGET: run.target.ref,
      SPECGATE_TARGET_SHA: run.target.sha,
      SPECGATE_SPECULATIVE_SHA: sha,
      SPECGATE_WORKSPACE: dir,
    };
    try {
      if (run.prepare.length > 0) {
        const prepared = await prepareWorkspace({
          steps: run.prepare,
          workspace: dir,
          cacheDir: run.prepareCacheDir,
          logDir: path.join(run.logDir, logName),
          env,
          signal,
        });
        if (run.signal.aborted) throw run.signal.reason;
        if (!prepared.ok) return [...preparationFailed(jobs, prepared, signal.aborted), ...skipped];
      }
      const outcomes = await runJobGraph({
        jobs,
        workspace: dir,
        env,
        logDir: path.join(run.logDir, logName),
        limiter: run.limiter,
        signal,
        onEvent: (event) => {
          // A cancelled state's last words (its jobs ending ABORTED) are history, not progress.
          if (cancelled?.aborted) return;
          if (event.type === 'start') run.observer.jobStarted?.(change.id, event.job, event.attempt, event.log);
          else run.observer.jobFinished?.(change.id, event.outcome);
        },
      });
      // An interrupted run ends here: the jobs were stopped, and no later state should start.
      if (run.signal.aborted) throw run.signal.reason;
      return [...outcomes, ...skipped];
    } finally {
      // Kept states stay as they are; the others are reused for the next state, and all are removed with
      // the work directory at the end of the run.
      if (run.keep && !cancelled?.aborted) run.keptStates[change.id] = dir;
      else if (!run.keep) released.push(dir);
    }
  };
}

/** The jobs that apply to the changes judged (any of them, for a batch), and the others as SKIPPED. */
async function applicableJobs(run: TestOpContext, judged: PlannedChange[]) {
  const { files, configChangedJobs } = unionOfScopes(await Promise.all(judged.map((change) => run.scope(change))));
  return chooseJobs({ jobs: run.jobs, changedFiles: files, configChangedJobs });
}

/** A failed (or aborted) preparation: reported as a `prepare` job, and the jobs it was for as SKIPPED. */
function preparationFailed(jobs: JobDefinition[], prepared: { message: string; steps: Array<{ durationMs: number; log?: string }> }, aborted: boolean): JobOutcome[] {
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
