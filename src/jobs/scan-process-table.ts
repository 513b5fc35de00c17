import { readdirSync, readFileSync } from 'node:fs';

/** The name of the variable that carries a job's cookie; a nested run appends its own cookie to it. */
export const COOKIE_VARIABLE = 'SPECGATE_COOKIE';

/** One running process (zombies excluded) as one scan of `/proc` saw it. */
export interface ScannedProcess {
  pid: number;
  /** Its process group. */
  pgrp: number;
  /** Clock ticks after boot when it started (`/proc/<pid>/stat` field 22): a reused pid has another one. */
  startTime: string;
  /** Those of the asked-for cookies that its `SPECGATE_COOKIE` holds as a word (empty when none was asked). */
  cookies: string[];
}

/** What one scan saw. */
export interface ProcessTable {
  /** Counts the scans this process made: equal for callers that shared one. */
  scan: number;
  processes: ScannedProcess[];
}

interface Batch {
  cookies: Set<string>;
  result: Promise<ProcessTable>;
}

/** The batch that callers still join, per proc directory: its scan has not begun. */
const pending = new Map<string, Batch>();
let scans = 0;

/**
 * One pass over `/proc`: every running process (zombies excluded, this process too) with its group and
 * start time, and, for each of `cookies`, whether its initial environment carries it
 * ({@link COOKIE_VARIABLE}). Never fails: without `/proc` (not Linux) it sees nothing.
 *
 * Every call made in the same turn of the event loop joins the same scan, which begins on the next turn
 * (so it always sees the processes as they are after the call), and reads each environment once for all
 * the cookies asked: stopping N jobs at once (Ctrl-C) costs one scan per round, not N. The reads are
 * synchronous: a few milliseconds for 600 processes, where as many promises through libuv's thread pool
 * take ten times as long.
 *
 * @param args.cookies the cookies to look for (none: environments are not read).
 * @param args.procDir the proc file system (default `/proc`), for tests.
 */
export function scanProcessTable(
  args: { cookies?: Iterable<string>; procDir?: string } = {},
): Promise<ProcessTable> {
  const procDir = args.procDir ?? '/proc';
  let batch = pending.get(procDir);
  if (batch === undefined) {
    const cookies = new Set<string>();
    const result = new Promise<ProcessTable>((resolve) => {
      setImmediate(() => {
        pending.delete(procDir);
        scans += 1;
        resolve({ scan: scans, processes: scan(procDir, cookies) });
      });
    });
    batch = { cookies, result };
    pending.set(procDir, batch);
  }
  for (const cookie of args.cookies ?? []) batch.cookies.add(cookie);
  return batch.result;
}

function scan(procDir: string, cookies: Set<string>): ScannedProcess[] {
  let entries: string[];
  try {
    entries = readdirSync(procDir);
  } catch {
    return [];
  }
  const self = String(process.pid);
  const needles = [...cookies].map((cookie) => ({ cookie, bytes: Buffer.from(cookie) }));
  const found: ScannedProcess[] = [];
  for (const pid of entries) {
    if (!/^\d+$/.test(pid) || pid === self) continue;
    let stat: string;
    try {
      stat = readFileSync(`${procDir}/${pid}/stat`, 'utf8');
    } catch {
      continue; // it ended meanwhile
    }
    // The command name in parentheses may itself hold spaces and parentheses: parse after the last one.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // fields[0] is field 3 of proc(5): state; [2] is 5: pgrp; [19] is 22: starttime.
    if (fields[0] === 'Z' || fields[0] === 'X') continue;
    found.push({
      pid: Number(pid),
      pgrp: Number(fields[2]),
      startTime: fields[19],
      cookies: carried(procDir, pid, needles),
    });
  }
  return found;
}

function carried(procDir: string, pid: string, needles: Array<{ cookie: string; bytes: Buffer }>): string[] {
  if (needles.length === 0) return [];
  let environ: Buffer;
  try {
    environ = readFileSync(`${procDir}/${pid}/environ`);
  } catch {
    return []; // another user's, or gone meanwhile
  }
  // A cheap byte search first: almost every process is rejected here, without splitting anything.
  const candidates = needles.filter((needle) => environ.includes(needle.bytes));
  if (candidates.length === 0) return [];
  const prefix = `${COOKIE_VARIABLE}=`;
  const entry = environ
    .toString('latin1')
    .split('\0')
    .find((e) => e.startsWith(prefix));
  if (entry === undefined) return [];
  const words = new Set(entry.slice(prefix.length).split(' '));
  return candidates.filter((needle) => words.has(needle.cookie)).map((needle) => needle.cookie);
}
