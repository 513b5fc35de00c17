import { randomUUID } from 'node:crypto';
import { unlink, writeFile } from 'node:fs/promises';
import * as path from 'node:path';

/**
 * Marks the cache entry `key` as being read by this process until the returned function is called: a file
 * `<cacheDir>/<key>.use-<pid>-<uuid>`. {@link pruneCache} leaves an entry with a marker of a live process
 * alone, and removes the markers of dead ones.
 */
export async function markInUse(args: { cacheDir: string; key: string }): Promise<() => Promise<void>> {
  const marker = path.join(args.cacheDir, `${args.key}.use-${process.pid}-${randomUUID()}`);
  await writeFile(marker, '');
  return () => unlink(marker).catch(() => undefined);
}
