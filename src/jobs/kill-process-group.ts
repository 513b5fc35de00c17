import { setTimeout as sleep } from 'node:timers/promises';
import { scanProcessTable } from './scan-process-table.js';

/** How often to look whether the group is gone while waiting for it. */
const POLL_MS = 20;
/** SIGKILL cannot be caught, but death is still asynchronous; this bounds the wait for it. */
const AFTER_KILL_MS = 1000;

/**
 * Ends every process of the process group `pgid` (a job's shell leads its own group, so this is the job's
 * whole process tree, grandchildren included) and resolves once none of them runs any more.
 *
 * With `graceMs > 0` the group first gets SIGTERM, so well-behaved tools can clean up, and SIGKILL only if
 * some process is still running after `graceMs`. With `graceMs` 0 it gets SIGKILL at once. A group that
 * no longer exists is left alone, so calling this after a clean exit costs one system call.
 *
 * Processes that left the group (`setsid`, daemons) are out of its reach: `killProcessesByCookie` finds them.
 *
 * @param args.pgid id of the group, which is the pid of its leader.
 * @param args.graceMs milliseconds between SIGTERM and SIGKILL; 0 skips SIGTERM.
 */
export async function killProcessGroup(args: { pgid: number; graceMs: number }): Promise<void> {
  const { pgid, graceMs } = args;
  if (!(await isGroupRunning(pgid))) return;
  if (graceMs > 0) {
    signalGroup(pgid, 'SIGTERM');
    if (await waitUntilGone(pgid, graceMs)) return;
  }
  signalGroup(pgid, 'SIGKILL');
  await waitUntilGone(pgid, AFTER_KILL_MS);
}

function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    // A negative pid addresses the whole process group.
    process.kill(-pgid, signal);
  } catch (error) {
    // ESRCH: the group ended meanwhile, which is what we want. EPERM: the id now belongs to someone else's
    // group, which we must not touch.
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ESRCH' && code !== 'EPERM') throw error;
  }
}

async function waitUntilGone(pgid: number, timeoutMs: number): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    if (!(await isGroupRunning(pgid))) return true;
    if (performance.now() >= deadline) return false;
    await sleep(POLL_MS);
  }
}

/**
 * True while some process of the group still runs. Zombies do not count: they run nothing and hold no
 * files, and where pid 1 does not reap orphans (many containers) they would otherwise make every kill wait
 * for the whole grace period. The look at `/proc` is shared with every other group checked in the same
 * turn of the event loop ({@link scanProcessTable}), so waiting for N groups at once costs one scan per poll.
 */
async function isGroupRunning(pgid: number): Promise<boolean> {
  try {
    process.kill(-pgid, 0);
  } catch {
    return false;
  }
  if (process.platform !== 'linux') return true;
  const { processes } = await scanProcessTable();
  // A /proc that cannot be read shows nothing: then the signal's answer above is all we know.
  if (processes.length === 0) return true;
  return processes.some((p) => p.pgrp === pgid);
}
