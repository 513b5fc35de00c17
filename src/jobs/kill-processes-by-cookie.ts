import { readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { type CookieProcess, findProcessesByCookie } from './find-processes-by-cookie.js';

/** How often to look whether the signalled processes are gone while waiting for them. */
const POLL_MS = 20;
/** SIGKILL cannot be caught, but death is still asynchronous; this bounds the wait for it. */
const AFTER_KILL_MS = 1000;
/** Scans after a kill, for processes forked while the previous ones were dying; bounds a fork bomb. */
const MAX_ROUNDS = 5;

/**
 * Ends every process that carries the job's `cookie` in its environment ({@link findProcessesByCookie}):
 * those that left the job's process group or session, which a signal to the group cannot reach. Each gets
 * SIGTERM, and SIGKILL if it still runs after `graceMs` (0: SIGKILL at once), so a daemon that ignores
 * SIGTERM still dies. Resolves once none of them runs; returns how many processes were signalled.
 *
 * Cheap when there is nothing to do: one scan of `/proc`, shared with every job stopped in the same turn of
 * the event loop (Ctrl-C stops them all at once). Only after finding something does it look again,
 * for children forked meanwhile (each later round kills at once). A pid is signalled only while it still
 * names the process that was found (same start time), never a newcomer that reused it.
 *
 * @param args.cookie the job's cookie.
 * @param args.graceMs milliseconds between SIGTERM and SIGKILL.
 * @param args.procDir the proc file system, for tests.
 */
export async function killProcessesByCookie(args: {
  cookie: string;
  graceMs: number;
  procDir?: string;
}): Promise<number> {
  const { cookie, procDir = '/proc' } = args;
  let signalled = 0;
  for (let round = 0; round < MAX_ROUNDS; round += 1) {
    const found = await findProcessesByCookie({ cookie, procDir });
    if (found.length === 0) break;
    signalled += found.length;
    const graceMs = round === 0 ? args.graceMs : 0;
    if (graceMs > 0) {
      await signalAll(procDir, found, 'SIGTERM');
      if (await waitUntilGone(procDir, found, graceMs)) continue;
    }
    await signalAll(procDir, found, 'SIGKILL');
    await waitUntilGone(procDir, found, AFTER_KILL_MS);
  }
  return signalled;
}

async function signalAll(procDir: string, processes: CookieProcess[], signal: NodeJS.Signals): Promise<void> {
  await Promise.all(
    processes.map(async (proc) => {
      if (!(await isStillRunning(procDir, proc))) return;
      try {
        process.kill(proc.pid, signal);
      } catch (error) {
        // ESRCH: it ended meanwhile. EPERM: not ours to signal (it changed its user id), so left alone.
        const code = (error as NodeJS.ErrnoException).code;
        if (code !== 'ESRCH' && code !== 'EPERM') throw error;
      }
    }),
  );
}

async function waitUntilGone(
  procDir: string,
  processes: CookieProcess[],
  timeoutMs: number,
): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  let left = processes;
  for (;;) {
    const running = await Promise.all(left.map((proc) => isStillRunning(procDir, proc)));
    left = left.filter((_, i) => running[i]);
    if (left.length === 0) return true;
    if (performance.now() >= deadline) return false;
    await sleep(POLL_MS);
  }
}

/** True while `proc` runs: its pid exists, is not a zombie, and still has the start time it was found with. */
async function isStillRunning(procDir: string, proc: CookieProcess): Promise<boolean> {
  let stat: string;
  try {
    stat = await readFile(`${procDir}/${proc.pid}/stat`, 'utf8');
  } catch {
    return false;
  }
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return fields[0] !== 'Z' && fields[0] !== 'X' && fields[19] === proc.startTime;
}
