import { readdirSync, readFileSync } from 'node:fs';

/** The name of the variable that carries a job's cookie; a nested run appends its own cookie to it. */
export const COOKIE_VARIABLE = 'SPECGATE_COOKIE';

/** A process found by its cookie, identified well enough to tell it from a later process with its pid. */
export interface CookieProcess {
  pid: number;
  /** Its process group. */
  pgrp: number;
  /** Clock ticks after boot when it started (`/proc/<pid>/stat` field 22): a reused pid has another one. */
  startTime: string;
}

/**
 * Every running process (zombies excluded) whose initial environment (`/proc/<pid>/environ`) has
 * `SPECGATE_COOKIE` holding `cookie` as one of its space-separated words — what Jenkins' ProcessTreeKiller
 * does with its build cookie. Finds what a job started even after it left the job's process group or
 * session (`setsid`, double forks, daemons), since environments are inherited across both.
 *
 * One pass over `/proc`, with synchronous reads: a few milliseconds for 600 processes, where as many
 * promises through libuv's thread pool take ten times as long. Processes whose environment cannot be
 * read (another user's, or gone meanwhile) are skipped, as is this process itself. On a system without
 * `/proc` (not Linux) it finds nothing.
 *
 * @param args.cookie the job's cookie: long and random, so that no unrelated process carries it.
 * @param args.procDir the proc file system (default `/proc`), for tests.
 */
export async function findProcessesByCookie(args: { cookie: string; procDir?: string }): Promise<CookieProcess[]> {
  const procDir = args.procDir ?? '/proc';
  if (!/^[\w-]+$/.test(args.cookie)) throw new Error(`not a cookie: ${JSON.stringify(args.cookie)}`);
  let entries: string[];
  try {
    entries = readdirSync(procDir);
  } catch {
    return [];
  }
  const needle = Buffer.from(args.cookie);
  const self = String(process.pid);
  const found: CookieProcess[] = [];
  for (const pid of entries) {
    if (!/^\d+$/.test(pid) || pid === self) continue;
    let environ: Buffer;
    try {
      environ = readFileSync(`${procDir}/${pid}/environ`);
    } catch {
      continue;
    }
    // A cheap byte search first: almost every process is rejected here, without splitting anything.
    if (!environ.includes(needle) || !carriesCookie(environ, args.cookie)) continue;
    const proc = readStat(procDir, pid);
    if (proc) found.push(proc);
  }
  return found;
}

function carriesCookie(environ: Buffer, cookie: string): boolean {
  const prefix = `${COOKIE_VARIABLE}=`;
  for (const entry of environ.toString('latin1').split('\0')) {
    if (entry.startsWith(prefix) && entry.slice(prefix.length).split(' ').includes(cookie)) return true;
  }
  return false;
}

function readStat(procDir: string, pid: string): CookieProcess | undefined {
  let stat: string;
  try {
    stat = readFileSync(`${procDir}/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // The command name in parentheses may itself hold spaces and parentheses: parse after the last one.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // fields[0] is field 3 of proc(5): state; [2] is 5: pgrp; [19] is 22: starttime.
  if (fields[0] === 'Z' || fields[0] === 'X') return undefined;
  return { pid: Number(pid), pgrp: Number(fields[2]), startTime: fields[19] };
}
