import { randomUUID } from 'node:crypto';
import { open, readFile, stat, unlink } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { isPidAlive } from './is-pid-alive.js';

/** A lock this process holds; `release` is idempotent. */
export interface HeldLock {
  path: string;
  release(): Promise<void>;
}

/** How often a waiter looks whether the lock was released. */
const DEFAULT_POLL_MS = 100;
/**
 * A lock file is created empty and its owner written right after; an unreadable owner younger than this is
 * taken to be that moment, an older one to be the leftover of a crash between the two.
 */
const UNWRITTEN_GRACE_MS = 10_000;

/**
 * Tokens of the locks held by this process. A lock file that names this process's pid with a token not in
 * here was left by an earlier process that had the same pid (common in containers, where pids restart at
 * 1): it is stale, not ours. Kept on `globalThis`, so that two copies of this module in one process (a
 * bundle and its source, say) do not take each other's locks for stale ones.
 */
const heldTokens: Set<string> = ((globalThis as Record<symbol, unknown>)[
  Symbol.for('specgate.prepare.heldLockTokens')
] ??= new Set<string>()) as Set<string>;

/**
 * Takes the lock file `path` (created with `wx`, holding `<pid> <token>`), waiting while another owner
 * holds it, and taking over a stale one: one whose pid no longer runs, or that names this process but none
 * of its locks. The takeover itself is serialised by `<path>.takeover`, so that two waiters that both saw
 * the same stale lock cannot both remove it (the second would remove the first one's fresh lock).
 *
 * Works between the concurrent callers of one process and between processes on one machine; not on a
 * network file system shared by several machines (pids are per machine).
 *
 * Hand-written rather than `proper-lockfile`, whose locks are stale by age: an mtime the holder refreshes
 * from a timer. There a killed specgate's lock blocks the next run for the whole stale period (2 s at
 * least, 10 s by default) where a dead pid frees it at once; a holder whose event loop stalls past that
 * period while its step runs for minutes loses the lock to a waiter, so both prepare and store one key
 * (and proper-lockfile's default answer is an exception thrown from a timer); its takeover of a stale lock
 * is remove-then-create, which lets two waiters that judged the same lock stale both hold it (the race the
 * takeover guard below closes); and its lock names no owner, so "waiting for process N" could not be said.
 * Pid liveness is needed anyway: `pruneCache` judges use markers and leftovers by it.
 *
 * @param args.path the lock file; its directory must exist.
 * @param args.wait false: give up at once when the lock is held (resolve `undefined`).
 * @param args.signal aborting stops the wait: the promise rejects with the signal's reason.
 * @param args.pollMs milliseconds between two looks at a held lock (default 100).
 * @param args.onWait called once, with the owner's pid, when the lock is found held and waited for.
 */
export async function acquireLock(args: {
  path: string;
  wait: boolean;
  signal?: AbortSignal;
  pollMs?: number;
  onWait?: (ownerPid: number | undefined) => void;
}): Promise<HeldLock | undefined> {
  const { path: lockPath, signal } = args;
  const token = randomUUID();
  let reported = false;
  for (;;) {
    signal?.throwIfAborted();
    if (await create(lockPath, `${process.pid} ${token}\n`)) {
      heldTokens.add(token);
      return { path: lockPath, release: () => release(lockPath, token) };
    }
    const owner = await readOwner(lockPath);
    if (owner === 'gone') continue;
    if (owner.stale) {
      await takeOver(lockPath, owner.content);
      continue;
    }
    if (!args.wait) return undefined;
    if (!reported) {
      reported = true;
      args.onWait?.(owner.pid);
    }
    await sleep(args.pollMs ?? DEFAULT_POLL_MS, undefined, signal ? { signal } : undefined);
  }
}

async function create(file: string, content: string): Promise<boolean> {
  let handle;
  try {
    handle = await open(file, 'wx');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    await handle.writeFile(content);
  } finally {
    await handle.close();
  }
  return true;
}

type Owner = 'gone' | { pid: number | undefined; stale: boolean; content: string };

async function readOwner(file: string): Promise<Owner> {
  let content: string;
  let ageMs: number;
  try {
    content = await readFile(file, 'utf8');
    ageMs = Date.now() - (await stat(file)).mtimeMs;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'gone';
    throw error;
  }
  const match = /^(\d+) (\S+)\n$/.exec(content);
  if (!match) return { pid: undefined, stale: ageMs > UNWRITTEN_GRACE_MS, content };
  const pid = Number(match[1]);
  const stale = pid === process.pid ? !heldTokens.has(match[2]) : !isPidAlive(pid);
  return { pid, stale, content };
}

async function takeOver(file: string, staleContent: string): Promise<void> {
  const guard = `${file}.takeover`;
  if (!(await create(guard, `${process.pid}\n`))) {
    // Another waiter is taking over; a guard outliving that by far was left by a crash in between.
    const age = await stat(guard).then(
      (s) => Date.now() - s.mtimeMs,
      () => 0,
    );
    if (age > UNWRITTEN_GRACE_MS) await unlink(guard).catch(() => undefined);
    return;
  }
  try {
    // Still the very lock judged stale, not a fresh one taken meanwhile by a faster waiter?
    const now = await readFile(file, 'utf8').catch(() => undefined);
    if (now === staleContent) await unlink(file).catch(() => undefined);
  } finally {
    await unlink(guard).catch(() => undefined);
  }
}

async function release(file: string, token: string): Promise<void> {
  if (!heldTokens.delete(token)) return;
  const content = await readFile(file, 'utf8').catch(() => '');
  // Never remove a lock that is no longer ours (taken over after being judged stale, wrongly or not).
  if (content.endsWith(` ${token}\n`)) await unlink(file).catch(() => undefined);
}
