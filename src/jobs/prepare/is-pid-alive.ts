import { readFileSync } from 'node:fs';

/**
 * True while a process with id `pid` exists and is not a zombie, as far as this process can tell: a
 * process of another user counts as alive (`EPERM`). Used to tell a lock or marker left by a dead
 * specgate from one whose owner still works.
 *
 * A pid reused by an unrelated process after the owner died reads as alive; such a lock is then waited on
 * until that process ends or the run is interrupted. Comparing process start times would close this, at
 * the cost of parsing `/proc`; given the short life of a prepare lock it has not been worth it.
 */
export function isPidAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  if (process.platform !== 'linux') return true;
  try {
    // A killed specgate whose parent has not reaped it yet is a zombie: it holds nothing any more.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state !== 'Z' && state !== 'X';
  } catch {
    return true;
  }
}
