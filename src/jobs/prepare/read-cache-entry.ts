import { readFile, stat } from 'node:fs/promises';
import * as path from 'node:path';
import type { TreeEntry } from './scan-tree.js';

/** What `manifest.json` of a cache entry holds. */
export interface CacheManifest {
  format: 1;
  /** Random id of this entry: tells a rebuilt entry from the one found corrupt a moment ago. */
  id: string;
  key: string;
  run: string;
  createdAt: string;
  /** Each path of the step, with its entries under `tree/` (none: the step did not produce it). */
  products: Array<{ path: string; entries: TreeEntry[] }>;
}

/** A complete cache entry: `dir` = `<cacheDir>/<key>`, products under `tree`. */
export interface CacheEntry {
  dir: string;
  tree: string;
  manifest: CacheManifest;
  /** Number of files, directories and symlinks over all products. */
  entryCount: number;
}

/**
 * The complete cache entry `<cacheDir>/<key>`, or `undefined` when there is none: no directory, no
 * `.complete` marker (it is written last, so an entry without it was never finished), or a manifest that
 * cannot be read or is of another format. Only reads.
 */
export async function readCacheEntry(args: {
  cacheDir: string;
  key: string;
}): Promise<CacheEntry | undefined> {
  const dir = path.join(args.cacheDir, args.key);
  const complete = await stat(path.join(dir, '.complete')).catch(() => undefined);
  if (!complete) return undefined;
  let manifest: CacheManifest;
  try {
    manifest = JSON.parse(await readFile(path.join(dir, 'manifest.json'), 'utf8')) as CacheManifest;
  } catch {
    return undefined;
  }
  if (manifest.format !== 1 || manifest.key !== args.key || !Array.isArray(manifest.products))
    return undefined;
  const entryCount = manifest.products.reduce((sum, product) => sum + product.entries.length, 0);
  return { dir, tree: path.join(dir, 'tree'), manifest, entryCount };
}
