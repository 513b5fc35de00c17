import { lstat, readdir } from 'node:fs/promises';
import * as path from 'node:path';

/**
 * The bytes on disk under `target` (a file or a directory, walked without following symbolic links) and
 * the newest modification time in it; `undefined` when it does not exist. Files that vanish during the
 * walk are skipped: a cache another run prunes meanwhile is no error.
 */
export async function measureDir(target: string): Promise<{ bytes: number; lastUsedMs: number } | undefined> {
  const stats = await lstat(target).catch(() => undefined);
  if (!stats) return undefined;
  let bytes = stats.isDirectory() ? 0 : stats.size;
  let lastUsedMs = stats.mtimeMs;
  if (stats.isDirectory()) {
    const names = await readdir(target).catch(() => [] as string[]);
    for (const name of names) {
      const inner = await measureDir(path.join(target, name));
      if (!inner) continue;
      bytes += inner.bytes;
      lastUsedMs = Math.max(lastUsedMs, inner.lastUsedMs);
    }
  }
  return { bytes, lastUsedMs };
}
