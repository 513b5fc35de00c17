import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { appendFile, open, stat, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { JobDefinition, JobResult } from '../core/types.js';
import { createJobCgroup } from './cgroup/create-job-cgroup.js';
import { COOKIE_VARIABLE } from './find-processes-by-cookie.js';
import { killProcessGroup } from './kill-process-group.js';
import { killProcessesByCookie } from './kill-processes-by-cookie.js';
import { scrubGitEnv } from './scrub-git-env.js';

/** The results one run of a job's command can have; SKIPPED and RETRY_LIMIT are decided by the graph. */
export type JobRunResult = Extract<JobResult, 'SUCCESS' | 'FAILURE' | 'TIMED_OUT' | 'ABORTED' | 'ERROR'>;

/** What one run (attempt) of a job's command gave. */
export interface JobRun {
  result: JobRunResult;
  /** Human reason, e.g. `exited with status 2`, `killed by SIGSEGV`, `timed out after 600s`. */
  message: string;
  /** Time from spawn to the end of the whole process group. */
  durationMs: number;
  /** With ERROR, when the fault is specgate's own and not the job's: the log could not be written. */
  fault?: JobFault;
}

/** A fault of the place specgate writes to (a full disk, a read-only log directory), not of the job. */
export interface JobFault {
  /** The file that could not be written. */
  path: string;
  /** The error, with its errno `code` and `syscall`. */
  error: NodeJS.ErrnoException;
}

/** Default time between SIGTERM and SIGKILL when a job times out or is aborted. */
export const DEFAULT_KILL_GRACE_MS = 2000;
/**
 * The most time between SIGTERM and SIGKILL when the run is aborted (Ctrl-C): the user asked to stop now,
 * and every job is stopped at once, so this bounds the whole exit. A timeout keeps the longer grace.
 */
export const ABORT_KILL_GRACE_MS = 500;

/**
 * Runs a job's command once, as `/bin/sh -c <job.run>` in its own process group, with stdout and stderr
 * both written straight to `logPath` by the OS (interleaved as produced; the output never passes through
 * this process, so memory does not grow with it). Never rejects: every failure is a {@link JobRun}.
 *
 * The log gets a header line naming the job, attempt and command, and a trailer line with the result.
 * Attempt 1 truncates the log; later attempts append to it, so one file tells the whole story.
 *
 * Environment: `process.env` without inherited `SPECGATE`/`SPECGATE_*` variables (an outer specgate run's
 * values must not leak into this one) and without the variables that point git at the user's repository
 * ({@link scrubGitEnv}: a hook's `GIT_DIR`, `GIT_INDEX_FILE`…), then `job.env`, then `env` (which wins),
 * then `SPECGATE_COOKIE`: a random cookie of this run of this job (after an outer run's cookie, so that a
 * nested specgate's jobs stay findable by the outer one too).
 *
 * When the shell exits, any process it left behind in its group is killed (SIGKILL), so nothing outlives
 * the job. On `job.timeout` or on `signal`, the group gets SIGTERM, then SIGKILL after `killGraceMs` (on
 * `signal` at most {@link ABORT_KILL_GRACE_MS}).
 * Either way, every process that still carries the cookie — those that left the group or the session,
 * such as `setsid` daemons — gets SIGTERM, then SIGKILL after `killGraceMs` ({@link killProcessesByCookie}).
 * Where a cgroup v2 directory is writable, the job also runs in a cgroup of its own, emptied the same way
 * at the end ({@link createJobCgroup}), which catches even a process that cleared its environment.
 * The run never waits on a process that keeps the log open: the log is a file, not a pipe, and the result
 * is decided when the shell exits.
 *
 * @param args.job the job; `job.cwd` is resolved against `workspace`.
 * @param args.attempt 1-based attempt number, for the log header.
 * @param args.workspace the state directory.
 * @param args.env the SPECGATE_* variables of this job.
 * @param args.logPath the log file; its directory must exist.
 * @param args.signal aborting kills the process tree, with a grace of at most {@link ABORT_KILL_GRACE_MS};
 *   the result is then ABORTED.
 * @param args.killGraceMs milliseconds between SIGTERM and SIGKILL (default {@link DEFAULT_KILL_GRACE_MS}).
 * @param args.cgroup false: no cgroup even where one could be made (tests of the cookie alone).
 */
export async function runJob(args: {
  job: JobDefinition;
  attempt: number;
  workspace: string;
  env: Record<string, string>;
  logPath: string;
  signal: AbortSignal;
  killGraceMs?: number;
  cgroup?: boolean;
}): Promise<JobRun> {
  const { job, attempt, env, logPath, signal } = args;
  const graceMs = args.killGraceMs ?? DEFAULT_KILL_GRACE_MS;
  const cwd = path.resolve(args.workspace, job.cwd ?? '.');
  const header = `=== specgate: job ${job.name}, attempt ${attempt}, in ${cwd}\n$ ${job.run}\n`;
  const started = performance.now();
  const finish = async (result: JobRunResult, message: string): Promise<JobRun> => {
    const durationMs = performance.now() - started;
    // A log we cannot write to is not worth failing the job over: the result still reaches the report.
    await appendFile(logPath, `=== specgate: ${message} (${(durationMs / 1000).toFixed(1)}s)\n`).catch(
      () => {},
    );
    return { result, message, durationMs };
  };

  try {
    await (attempt === 1 ? writeFile(logPath, header) : appendFile(logPath, header));
  } catch (error) {
    const errno = error as NodeJS.ErrnoException;
    // The file opened but could not be written (the disk or quota filled up): the place's fault, not the
    // job's. A log that cannot even be opened stays the job's ERROR.
    const placeFault =
      typeof errno.code === 'string' && typeof errno.syscall === 'string' && errno.path === undefined;
    const message = `cannot write log ${logPath}: ${reason(error)}`;
    return {
      result: 'ERROR',
      message,
      durationMs: 0,
      ...(placeFault && { fault: { path: logPath, error: errno } }),
    };
  }
  if (signal.aborted) return finish('ABORTED', 'aborted before it started');
  // Checked here because spawn would blame /bin/sh ("spawn /bin/sh ENOENT") for a missing cwd.
  const cwdProblem = await stat(cwd).then(
    (s) => (s.isDirectory() ? undefined : `working directory ${cwd} is not a directory`),
    () => `working directory ${cwd} does not exist`,
  );
  if (cwdProblem) return finish('ERROR', `could not start: ${cwdProblem}`);

  // O_APPEND, so the header above and the trailer written later are never overwritten by the child.
  const log = await open(logPath, 'a').catch((error: unknown) => error as Error);
  if (log instanceof Error) return finish('ERROR', `cannot open log ${logPath}: ${reason(log)}`);
  const cookie = randomBytes(16).toString('hex');
  const outerCookie = process.env[COOKIE_VARIABLE];
  const cgroup = args.cgroup === false ? undefined : await createJobCgroup({ name: cookie });
  // The shell joins the cgroup before anything of the job runs, then becomes the job's shell (same pid,
  // same group); if it may not join, the job runs all the same and the cookie alone finds what it starts.
  const argv = cgroup ? ['-c', JOIN_CGROUP, '/bin/sh', cgroup.procsFile, job.run] : ['-c', job.run];
  let child;
  try {
    child = spawn('/bin/sh', argv, {
      cwd,
      env: {
        ...scrubGitEnv(inheritedEnv()),
        ...job.env,
        ...env,
        [COOKIE_VARIABLE]: outerCookie ? `${outerCookie} ${cookie}` : cookie,
      },
      // The child gets its own copy of the descriptor during spawn; ours is closed right after.
      stdio: ['ignore', log.fd, log.fd],
      // Leads its own process group, so the whole tree can be signalled at once and Ctrl-C in the
      // terminal reaches specgate only, which then ends the jobs in order.
      detached: true,
    });
  } catch (error) {
    await log.close();
    await cgroup?.close({ graceMs: 0 });
    return finish('ERROR', `could not start: ${reason(error)}`);
  }
  // Listen before the first await: a short job can exit while we wait, and 'exit' is emitted only once.
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null } | { error: Error }>(
    (resolve) => {
      child.once('error', (error) => resolve({ error }));
      child.once('exit', (code, exitSignal) => resolve({ code, signal: exitSignal }));
    },
  );

  let stopping:
    { result: 'TIMED_OUT' | 'ABORTED'; message: string; graceMs: number; killed: Promise<void> } | undefined;
  const stop = (result: 'TIMED_OUT' | 'ABORTED', message: string): void => {
    if (stopping || child.pid === undefined) return;
    const stopGraceMs = result === 'ABORTED' ? Math.min(graceMs, ABORT_KILL_GRACE_MS) : graceMs;
    // Both at once, so that a tree that ignores SIGTERM costs one grace period, not two. Every job of an
    // aborted run gets here in the same turn of the event loop, so their looks at /proc are shared too.
    const killed = Promise.all([
      killProcessGroup({ pgid: child.pid, graceMs: stopGraceMs }),
      killProcessesByCookie({ cookie, graceMs: stopGraceMs }),
    ]);
    stopping = { result, message, graceMs: stopGraceMs, killed: killed.then(() => undefined) };
  };
  const onAbort = (): void => stop('ABORTED', 'aborted');
  signal.addEventListener('abort', onAbort, { once: true });
  if (signal.aborted) onAbort();
  // setTimeout fires at once beyond 2^31-1 ms; 24 days is as good as no limit for a job.
  const timeoutMs = job.timeout === undefined ? undefined : Math.min(job.timeout * 1000, 2 ** 31 - 1);
  const onTimeout = (): void => stop('TIMED_OUT', `timed out after ${job.timeout}s`);
  const timer = timeoutMs === undefined ? undefined : setTimeout(onTimeout, timeoutMs);

  await log.close();
  const exit = await exited;
  clearTimeout(timer);
  signal.removeEventListener('abort', onAbort);

  if (stopping) {
    await stopping.killed;
    // Last, for what neither reached (a process that cleared its environment): usually already empty.
    await cgroup?.close({ graceMs: stopping.graceMs });
    return finish(stopping.result, stopping.message);
  }
  if (child.pid !== undefined) await killProcessGroup({ pgid: child.pid, graceMs: 0 });
  // After the group is gone, so that in the usual case (nothing escaped) this is one scan that finds nothing.
  await killProcessesByCookie({ cookie, graceMs });
  await cgroup?.close({ graceMs });
  if ('error' in exit) return finish('ERROR', `could not start: ${reason(exit.error)}`);
  if (exit.code === 0) return finish('SUCCESS', 'exited with status 0');
  if (exit.code !== null) return finish('FAILURE', `exited with status ${exit.code}`);
  return finish('FAILURE', `killed by ${exit.signal ?? 'an unknown signal'}`);
}

/** `sh -c JOIN_CGROUP /bin/sh <cgroup.procs> <command>`: join the cgroup if allowed, then run the command. */
const JOIN_CGROUP = '{ echo $$ > "$1"; } 2>/dev/null; exec /bin/sh -c "$2"';

function inheritedEnv(): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^SPECGATE(_|$)/.test(name)));
}

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
