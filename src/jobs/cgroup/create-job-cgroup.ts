import { appendFile, mkdir, readdir, readFile, rmdir } from 'node:fs/promises';
import * as path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** A cgroup (v2) of one job's run: every process started in it, and all their descendants, stay in it. */
export interface JobCgroup {
  /** Its directory. */
  dir: string;
  /** The file a process writes its own pid to, to join the cgroup (before it starts the job). */
  procsFile: string;
  /**
   * Ends every process still in the cgroup — SIGTERM, then after `graceMs` SIGKILL to all at once through
   * `cgroup.kill` (or to each, on kernels older than 5.14) — and removes the cgroup. Costs one read when
   * the cgroup is already empty. Never rejects.
   */
  close(args: { graceMs: number }): Promise<void>;
}

const POLL_MS = 20;
const AFTER_KILL_MS = 1000;
const PREFIX = 'specgate-';

/**
 * Creates a cgroup for one run of a job, as a child of the cgroup specgate itself runs in, when the
 * cgroup v2 hierarchy is mounted and that directory is writable (root, or a delegated subtree such as
 * systemd's `Delegate=yes`); otherwise resolves to undefined, and the cookie alone finds the job's
 * processes. A cgroup catches what the cookie cannot: a process that cleared its environment.
 *
 * Named `specgate-<pid>-<name>`; cgroups that an earlier specgate process left behind (it was killed) are
 * removed when this process creates its first one.
 *
 * @param args.name unique per run of a job (its cookie).
 * @param args.parent the cgroup to create it in (default: specgate's own), for tests.
 */
export async function createJobCgroup(args: {
  name: string;
  parent?: string;
}): Promise<JobCgroup | undefined> {
  const parent = args.parent ?? (await (ownCgroup ??= findOwnCgroup()));
  if (parent === undefined) return undefined;
  if (!pruned.has(parent)) {
    pruned.add(parent);
    await pruneAbandoned(parent);
  }
  const dir = path.join(parent, `${PREFIX}${process.pid}-${args.name}`);
  try {
    await mkdir(dir);
  } catch {
    return undefined; // not writable (not root, not delegated), or read-only
  }
  // The kernel fills a new cgroup with its interface files; a plain directory is no cgroup.
  if (
    !(await readFile(path.join(dir, 'cgroup.procs'), 'utf8').then(
      () => true,
      () => false,
    ))
  ) {
    await rmdir(dir).catch(() => undefined);
    return undefined;
  }
  return { dir, procsFile: path.join(dir, 'cgroup.procs'), close: ({ graceMs }) => close(dir, graceMs) };
}

let ownCgroup: Promise<string | undefined> | undefined;
const pruned = new Set<string>();

/** The directory of this process's cgroup in the v2 hierarchy (`0::<path>` in /proc/self/cgroup). */
async function findOwnCgroup(): Promise<string | undefined> {
  try {
    const line = (await readFile('/proc/self/cgroup', 'utf8'))
      .split('\n')
      .find((entry) => entry.startsWith('0::'));
    if (line === undefined || line.endsWith(' (deleted)')) return undefined;
    const own = line.slice(3);
    for (const entry of (await readFile('/proc/self/mountinfo', 'utf8')).split('\n')) {
      const [before, after] = entry.split(' - ');
      if (after === undefined || !after.startsWith('cgroup2 ')) continue;
      const fields = before.split(' ');
      const root = unescape(fields[3]);
      const mountPoint = unescape(fields[4]);
      // Inside a cgroup namespace the mount's root may be below the hierarchy's: paths are relative to it.
      const relative =
        root === '/' ? own : own === root || own.startsWith(`${root}/`) ? own.slice(root.length) : undefined;
      if (relative !== undefined) return path.join(mountPoint, relative);
    }
  } catch {
    // Not Linux, or no /proc.
  }
  return undefined;
}

/** mountinfo escapes space, tab, newline and backslash as octal. */
function unescape(field: string): string {
  return field.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(Number.parseInt(octal, 8)));
}

async function pruneAbandoned(parent: string): Promise<void> {
  const entries = await readdir(parent).catch(() => [] as string[]);
  await Promise.all(
    entries.map(async (entry) => {
      const match = /^specgate-(\d+)-/.exec(entry);
      if (!match || isAlive(Number(match[1]))) return;
      await close(path.join(parent, entry), 0);
    }),
  );
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function close(dir: string, graceMs: number): Promise<void> {
  try {
    if ((await members(dir)).length > 0) {
      if (graceMs > 0) {
        signalEach(await members(dir), 'SIGTERM');
        await waitUntilEmpty(dir, graceMs);
      }
      if (await isPopulated(dir)) {
        try {
          await appendFile(path.join(dir, 'cgroup.kill'), '1');
        } catch {
          signalEach(await members(dir), 'SIGKILL'); // no cgroup.kill before Linux 5.14
        }
        await waitUntilEmpty(dir, AFTER_KILL_MS);
      }
    }
    await rmdir(dir);
  } catch {
    // Gone already, or still busy: a later specgate process prunes it.
  }
}

async function members(dir: string): Promise<number[]> {
  const text = await readFile(path.join(dir, 'cgroup.procs'), 'utf8').catch(() => '');
  return text.split('\n').filter(Boolean).map(Number);
}

function signalEach(pids: number[], signal: NodeJS.Signals): void {
  for (const pid of pids) {
    try {
      process.kill(pid, signal);
    } catch {
      // It ended meanwhile.
    }
  }
}

/** `cgroup.events` says `populated 0` once no process of the cgroup or its descendants runs. */
async function isPopulated(dir: string): Promise<boolean> {
  const events = await readFile(path.join(dir, 'cgroup.events'), 'utf8').catch(() => undefined);
  if (events === undefined) return (await members(dir)).length > 0;
  return /^populated 1$/m.test(events);
}

async function waitUntilEmpty(dir: string, timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while ((await isPopulated(dir)) && performance.now() < deadline) await sleep(POLL_MS);
}
