import { scanProcessTable } from './scan-process-table.js';

export { COOKIE_VARIABLE } from './scan-process-table.js';

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
 * One pass over `/proc` ({@link scanProcessTable}), shared with every other search and check made in the
 * same turn of the event loop: N jobs stopped at once cost one pass, not N. Processes whose environment
 * cannot be read (another user's, or gone meanwhile) are skipped, as is this process itself. On a system
 * without `/proc` (not Linux) it finds nothing.
 *
 * @param args.cookie the job's cookie: long and random, so that no unrelated process carries it.
 * @param args.procDir the proc file system (default `/proc`), for tests.
 */
export async function findProcessesByCookie(args: {
  cookie: string;
  procDir?: string;
}): Promise<CookieProcess[]> {
  if (!/^[\w-]+$/.test(args.cookie)) throw new Error(`not a cookie: ${JSON.stringify(args.cookie)}`);
  const { processes } = await scanProcessTable({ cookies: [args.cookie], procDir: args.procDir });
  return processes
    .filter((p) => p.cookies.includes(args.cookie))
    .map(({ pid, pgrp, startTime }) => ({ pid, pgrp, startTime }));
}
