import { setMaxListeners } from 'node:events';
import { appendFile, mkdir, rm, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { jobEnvironment } from '../core/jobs/job-environment.js';
import { jobSkipReason } from '../core/jobs/job-skip-reason.js';
import type { JobDefinition, JobOutcome, JobResult, RecordedRun } from '../core/types.js';
import type { Limiter } from './create-limiter.js';
import { logFileStem } from './log-file-stem.js';
import { readReturnFile } from './read-return-file.js';
import { runJob, type JobFault, type JobRun } from './run-job.js';

/** Progress of one state's jobs, for live reporting. */
export type JobEvent =
  | { type: 'start'; job: string; attempt: number; log: string }
  | {
      type: 'end';
      job: string;
      outcome: JobOutcome;
      /** What a job that ran handed on through its return file (for the result cache). */
      returned?: Pick<RecordedRun, 'childJobs' | 'data'>;
      /** With an ERROR that is specgate's, not the job's: its log could not be written (a full disk). */
      fault?: JobFault;
    };

/** A finished job, with what it handed to the jobs that depend on it. */
interface Finished {
  outcome: JobOutcome;
  childJobs?: string[];
  data?: Record<string, unknown>;
  fault?: JobFault;
}

/**
 * Runs every job of one speculative state, honouring dependencies, and returns one outcome per job in the
 * order of `jobs`. Never rejects because of a job: every problem of a job, or of specgate's files, is an
 * outcome. It rejects only with a bug of its own (after stopping every job) or of `onEvent`.
 *
 * - A job starts once all its dependencies have finished. If a hard dependency did not succeed, the job is
 *   SKIPPED (`dependency <name> did not succeed (<RESULT>)`) and never starts; a soft dependency only
 *   orders. Waiting for all dependencies, even when one already failed, keeps the message deterministic.
 * - Jobs without a dependency between them run concurrently, each process run holding one slot of
 *   `limiter` (waiting for dependencies or for a slot holds none).
 * - A FAILURE is re-run until `job.attempts` runs in all; when every run of a job allowed several failed,
 *   the result is RETRY_LIMIT. TIMED_OUT, ERROR and a malformed return file are not retried: running again
 *   would not change them.
 * - Each job gets `SPECGATE_JOB`, and `SPECGATE_RETURN`, a path in `logDir` that does not exist when it
 *   starts. After a SUCCESS, a JSON `{ "child_jobs"?: string[], "data"?: object }` there selects which
 *   direct dependents run (the others are SKIPPED, `not chosen by <job>'s child_jobs`) and hands `data`
 *   to the direct dependents: they get `SPECGATE_PARENT_DATA`, the path of a JSON file holding the data of
 *   all their parents merged (later parents in `jobs` order win per top-level key). The variable is unset
 *   when no parent returned data. A malformed file makes the job a FAILURE.
 * - A job in `served` (the result cache's answer for this tree) does not run: once its dependencies have
 *   finished and do not skip it, it ends with the recorded result, `cached: true`, and hands on the
 *   recorded `child_jobs` and data; a recorded log tail is written to its log file. With every job
 *   served or skipped, no process starts and `workspace` may be omitted.
 * - On `signal`, running process groups get SIGTERM, then SIGKILL after `killGraceMs` (at most
 *   `ABORT_KILL_GRACE_MS`: all at once, so the whole stop costs one grace); they and every job
 *   not yet started end ABORTED, and the promise resolves once the processes are gone.
 *
 * Files in `logDir` (created when the first is written; they outlive the run): `<job>.log`, `<job>.return.json` and
 * `<job>.parent-data.json`, where `<job>` is the job name with characters other than letters, digits,
 * `.`, `_` and `-` replaced by `_`.
 *
 * @param args.jobs validated jobs: every dependency names a job in the list, and there is no cycle.
 * @param args.workspace the state directory; a job runs there, or in its `cwd` relative to it.
 * @param args.env the SPECGATE_* variables of this state (`jobEnvironment`); `SPECGATE_WORKSPACE` defaults to
 *   `workspace`.
 * @param args.onEvent called synchronously for each attempt's start and each job's end. If it throws, the
 *   jobs still run to completion (no process is orphaned) and the promise then rejects with that error.
 * @param args.killGraceMs milliseconds between SIGTERM and SIGKILL (default 2000).
 * @throws Error when a dependency names no job in `jobs` (a caller bug).
 */
export async function runJobGraph(args: {
  jobs: JobDefinition[];
  workspace?: string;
  env: Record<string, string>;
  served?: ReadonlyMap<string, RecordedRun>;
  logDir: string;
  limiter: Limiter;
  /** The slot priority of every job of this graph (the change's position in the queue); default 0. */
  priority?: number;
  signal: AbortSignal;
  onEvent?: (event: JobEvent) => void;
  killGraceMs?: number;
}): Promise<JobOutcome[]> {
  const { jobs, limiter, killGraceMs, priority } = args;
  const workspace = args.workspace === undefined ? undefined : path.resolve(args.workspace);
  const served = args.served ?? new Map<string, RecordedRun>();
  // Absolute, because jobs run in other directories and see these paths in their environment.
  const logDir = path.resolve(args.logDir);
  const index = new Map(jobs.map((job, i) => [job.name, i]));
  for (const job of jobs) {
    for (const dependency of job.dependencies) {
      if (!index.has(dependency.name)) {
        throw new Error(`runJobGraph: job ${job.name} depends on unknown job ${dependency.name}`);
      }
    }
  }
  // Created when the first file goes in: a state the result cache answers in full writes none.
  let logDirMade: Promise<unknown> | undefined;
  const ensureLogDir = () => (logDirMade ??= mkdir(logDir, { recursive: true }));
  const stems = fileStems(jobs);
  // Every waiting and running job listens for the abort. Listening on a signal of our own, fed by one
  // listener on the caller's, keeps a state with many jobs from tripping Node's listener-leak warning
  // on a signal the caller owns.
  const controller = new AbortController();
  setMaxListeners(0, controller.signal);
  const forward = (): void => controller.abort(args.signal.reason);
  args.signal.addEventListener('abort', forward, { once: true });
  if (args.signal.aborted) forward();
  const signal = controller.signal;

  let listenerError: { error: unknown } | undefined;
  let bug: { error: unknown } | undefined;
  const emit = (event: JobEvent): void => {
    try {
      args.onEvent?.(event);
    } catch (error) {
      listenerError ??= { error };
    }
  };

  const finished = new Map<string, Promise<Finished>>();
  const finish = (name: string): Promise<Finished> => {
    let promise = finished.get(name);
    if (!promise) {
      const job = jobs[index.get(name)!];
      // An I/O failure of specgate's own files (a log, a return file) is this job's ERROR: it must not
      // reject the whole graph while other jobs' processes still run. Anything else is a bug: the other
      // jobs are stopped, and once every process is gone the graph rejects with it (exit 3, not a
      // verdict that blames the change).
      promise = runOne(job).catch((error: unknown): Finished => {
        if (isIoError(error)) {
          const message = `specgate could not run the job: ${error.message}`;
          return { outcome: outcome(job, 'ERROR', 0, 0, message) };
        }
        bug ??= { error };
        controller.abort(error);
        return { outcome: outcome(job, 'ABORTED', 0, 0, 'stopped by an internal error of specgate') };
      });
      promise = promise.then((done) => {
        const handedOn = !done.outcome.cached && (done.childJobs !== undefined || done.data !== undefined);
        emit({
          type: 'end',
          job: name,
          outcome: done.outcome,
          ...(handedOn && { returned: { childJobs: done.childJobs, data: done.data } }),
          ...(done.fault && { fault: done.fault }),
        });
        return done;
      });
      finished.set(name, promise);
    }
    return promise;
  };

  const runOne = async (job: JobDefinition): Promise<Finished> => {
    const parents = await Promise.all(job.dependencies.map((d) => finish(d.name)));
    const notRun = (result: JobResult, message: string): Finished => ({
      outcome: outcome(job, result, 0, 0, message),
    });
    if (signal.aborted) return notRun('ABORTED', 'aborted before it started');
    const skip = jobSkipReason(
      job,
      parents.map((parent) => ({ result: parent.outcome.result, childJobs: parent.childJobs })),
    );
    if (skip !== undefined) return notRun('SKIPPED', skip);

    const stem = stems.get(job.name)!;
    const logPath = path.join(logDir, `${stem}.log`);
    const recorded = served.get(job.name);
    if (recorded !== undefined) return serve(job, recorded, logPath);
    if (workspace === undefined) throw new Error(`runJobGraph: job ${job.name} needs a workspace`);
    await ensureLogDir();
    const returnPath = path.join(logDir, `${stem}.return.json`);
    const parentData = mergeParentData(parents, index);
    const parentDataPath = path.join(logDir, `${stem}.parent-data.json`);
    if (parentData === undefined) {
      // A file left by an earlier run in the same directory would mislead whoever reads the logs.
      await rm(parentDataPath, { force: true });
    } else {
      await writeFile(parentDataPath, `${JSON.stringify(parentData, null, 2)}\n`);
    }
    const env = jobEnvironment({
      workspace,
      given: args.env,
      job: {
        name: job.name,
        returnFile: returnPath,
        ...(parentData !== undefined && { parentDataFile: parentDataPath }),
      },
    });

    let attempts = 0;
    let durationMs = 0;
    for (;;) {
      // The file must not exist beforehand: a stale one, from an earlier attempt or run, would speak for a
      // run that did not write it.
      await rm(returnPath, { force: true });
      let run: JobRun | undefined;
      try {
        run = await limiter.run(
          async () => {
            if (signal.aborted) return undefined;
            attempts++;
            emit({ type: 'start', job: job.name, attempt: attempts, log: logPath });
            return runJob({ job, attempt: attempts, workspace, env, logPath, signal, killGraceMs });
          },
          signal,
          priority,
        );
      } catch (error) {
        if (!signal.aborted) throw error;
      }
      const log = attempts > 0 ? logPath : undefined;
      if (run === undefined) {
        const message =
          attempts === 0 ? 'aborted before it started' : `aborted before attempt ${attempts + 1}`;
        return { outcome: outcome(job, 'ABORTED', attempts, durationMs, message, log) };
      }
      durationMs += run.durationMs;
      if (run.result === 'FAILURE' && attempts < job.attempts) continue;
      if (run.result === 'FAILURE' && attempts > 1) {
        const message = `failed ${attempts} times, last: ${run.message}`;
        return { outcome: outcome(job, 'RETRY_LIMIT', attempts, durationMs, message, log) };
      }
      if (run.result !== 'SUCCESS') {
        return {
          outcome: outcome(job, run.result, attempts, durationMs, run.message, log),
          ...(run.fault && { fault: run.fault }),
        };
      }
      const returned = await readReturnFile({ path: returnPath });
      if (returned.status === 'malformed') {
        const message = `malformed return file ${returnPath}: ${returned.why}`;
        await appendFile(logPath, `=== specgate: ${message}\n`).catch(() => {});
        return { outcome: outcome(job, 'FAILURE', attempts, durationMs, message, log) };
      }
      const done: Finished = { outcome: outcome(job, 'SUCCESS', attempts, durationMs, undefined, log) };
      if (returned.status === 'valid') {
        done.childJobs = returned.childJobs;
        done.data = returned.data;
      }
      return done;
    }
  };

  const serve = async (job: JobDefinition, recorded: RecordedRun, logPath: string): Promise<Finished> => {
    let log: string | undefined;
    if (recorded.logTail !== undefined) {
      await ensureLogDir();
      await writeFile(
        logPath,
        `=== specgate: result cached from a run at ${recorded.at}; the end of its log:\n${recorded.logTail}`,
      );
      log = logPath;
    }
    const done: Finished = {
      outcome: {
        ...outcome(job, recorded.result, recorded.attempts, recorded.durationMs, recorded.message, log),
        cached: true,
      },
    };
    if (recorded.childJobs !== undefined) done.childJobs = recorded.childJobs;
    if (recorded.data !== undefined) done.data = recorded.data;
    return done;
  };

  let results: Finished[];
  try {
    results = await Promise.all(jobs.map((job) => finish(job.name)));
  } finally {
    args.signal.removeEventListener('abort', forward);
  }
  if (bug) throw bug.error;
  if (listenerError) throw listenerError.error;
  return results.map((done) => done.outcome);
}

/** An error of the file system (it carries an errno code such as ENOSPC or EACCES), not of specgate's logic. */
function isIoError(error: unknown): error is NodeJS.ErrnoException {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return error instanceof Error && typeof code === 'string' && /^E[A-Z0-9]+$/.test(code);
}

function outcome(
  job: JobDefinition,
  result: JobResult,
  attempts: number,
  durationMs: number,
  message?: string,
  log?: string,
): JobOutcome {
  return {
    name: job.name,
    result,
    voting: job.voting,
    attempts,
    cached: false,
    durationMs: Math.round(durationMs),
    ...(log !== undefined && { log }),
    ...(message !== undefined && { message }),
  };
}

/** The data the parents returned, merged in `jobs` order so that the result does not depend on timing. */
function mergeParentData(
  parents: Finished[],
  index: Map<string, number>,
): Record<string, unknown> | undefined {
  const withData = parents
    .filter((parent) => parent.data !== undefined)
    .sort((a, b) => index.get(a.outcome.name)! - index.get(b.outcome.name)!);
  if (withData.length === 0) return undefined;
  return Object.assign({}, ...withData.map((parent) => parent.data)) as Record<string, unknown>;
}

/** A file name stem per job: the name made safe for a file name, made unique if that caused a clash. */
function fileStems(jobs: JobDefinition[]): Map<string, string> {
  const stems = new Map<string, string>();
  const used = new Set<string>();
  for (const job of jobs) {
    stems.set(job.name, logFileStem(job.name, used));
  }
  return stems;
}
