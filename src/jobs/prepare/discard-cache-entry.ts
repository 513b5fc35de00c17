import { randomUUID } from 'node:crypto';
import { rename, rm } from 'node:fs/promises';
import * as path from 'node:path';

/**
 * Removes the cache entry `<cacheDir>/<key>` (complete or not) if it exists: first renamed to
 * `<key>.trash-<pid>-<uuid>`, which is atomic, so no reader ever sees a half-removed entry under its key
 * (a reader that was placing from it fails with ENOENT and starts over), then deleted. The caller should
 * hold the key's lock, so that no one is writing the entry. Resolves whether there was an entry.
 */
export async function discardCacheEntry(args: { cacheDir: string; key: string }): Promise<boolean> {
  const trash = path.join(args.cacheDir, `${args.key}.trash-${process.pid}-${randomUUID()}`);
  try {
    await rename(path.join(args.cacheDir, args.key), trash);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
  await rm(trash, { recursive: true, force: true });
  return true;
}
