import type * as nodeFs from 'node:fs';
import path from 'node:path';

/**
 * `mkdir -p`: creates `dir` and its missing parents, one component at a time, and returns the first
 * directory it created (`undefined` when `dir` already existed). Written out rather than `mkdir` with
 * `recursive`, which in Node 20 never returns on a file system that refuses the directory with ENOENT
 * while its parent exists (`/proc/x`); here that error is thrown, like any other.
 */
export async function makeDirectories(fs: typeof nodeFs, dir: string): Promise<string | undefined> {
  const missing: string[] = [];
  for (let at = path.resolve(dir); ; at = path.dirname(at)) {
    const stat = await fs.promises.stat(at).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw error;
    });
    if (stat !== undefined) {
      if (!stat.isDirectory())
        throw Object.assign(new Error(`ENOTDIR: not a directory, mkdir '${at}'`), {
          code: 'ENOTDIR',
          syscall: 'mkdir',
          path: at,
        });
      break;
    }
    missing.unshift(at);
    if (path.dirname(at) === at) break;
  }
  for (const at of missing) {
    await fs.promises.mkdir(at).catch((error: NodeJS.ErrnoException) => {
      // Made meanwhile by someone else (a concurrent run): as good.
      if (error.code !== 'EEXIST') throw error;
    });
  }
  return missing[0];
}
