import { randomUUID } from 'node:crypto';
import { chmodSync, lstatSync } from 'node:fs';
import { lstat, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { PrepareStep } from '../../core/types.js';
import type { PlacementMethod } from './choose-placement.js';
import { discardCacheEntry } from './discard-cache-entry.js';
import { placeTree } from './place-tree.js';
import type { CacheEntry, CacheManifest } from './read-cache-entry.js';
import { scanTree, type TreeEntry } from './scan-tree.js';

/**
 * Stores the products (`step.paths`) that a successful run of `step` left in `workspace` as the cache
 * entry `<cacheDir>/<key>`, atomically: everything is written into `<key>.tmp-<pid>-<uuid>` (products
 * under `tree/`, then `manifest.json`, then `.complete` last), which is then renamed to `<key>`. A
 * leftover directory under that name (an entry found corrupt, say) is discarded first. The caller must
 * hold the key's lock.
 *
 * On the same file system (`method` `hardlink` or `reflink`) each product is *moved* into the entry (one
 * rename), and `moved` is true: the caller then places it back into the workspace like any cache hit, so
 * the state that ran the step and the states that reuse it see exactly the same thing. With `copy` (another
 * file system) the products are copied and the workspace keeps its originals.
 *
 * Every cached file is made read-only (write bits cleared; the manifest records the mode after that): with
 * hard links the workspace's files *are* the cache's, and for anyone but root the read-only bit turns a
 * job's write in place into a loud `EACCES` instead of a silent change to every later state. Root ignores
 * it; the verification of {@link placeTree} catches that case at the next placement.
 *
 * A path the step did not produce is recorded as absent. If storing fails, products already moved are
 * moved back into the workspace (best effort) and the temporary directory removed before the error is
 * rethrown.
 */
export async function storeCacheEntry(args: {
  workspace: string;
  cacheDir: string;
  key: string;
  step: PrepareStep;
  method: PlacementMethod;
}): Promise<{ entry: CacheEntry; moved: boolean }> {
  const { workspace, cacheDir, key, step, method } = args;
  const tmp = path.join(cacheDir, `${key}.tmp-${process.pid}-${randomUUID()}`);
  const tree = path.join(tmp, 'tree');
  const movedPaths: string[] = [];
  try {
    await mkdir(tree, { recursive: true });
    const products: CacheManifest['products'] = [];
    for (const product of step.paths) {
      const source = path.join(workspace, product);
      if (!(await lstat(source).catch(() => undefined))) {
        products.push({ path: product, entries: [] });
        continue;
      }
      const destination = path.join(tree, product);
      await mkdir(path.dirname(destination), { recursive: true });
      if (method !== 'copy' && (await moveOrFalse(source, destination))) {
        movedPaths.push(product);
      } else {
        const entries = await scanTree({ root: workspace, rel: product });
        await placeTree({ entries, from: workspace, to: tree, method: 'copy', verify: false });
      }
      const entries = await scanTree({ root: tree, rel: product });
      makeReadOnly(tree, entries);
      products.push({ path: product, entries });
    }
    const manifest: CacheManifest = {
      format: 1,
      id: randomUUID(),
      key,
      run: step.run,
      createdAt: new Date().toISOString(),
      products,
    };
    await writeFile(path.join(tmp, 'manifest.json'), JSON.stringify(manifest));
    await writeFile(path.join(tmp, '.complete'), `${key}\n`);
    const dir = path.join(cacheDir, key);
    await rename(tmp, dir).catch(async (error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOTEMPTY' && error.code !== 'EEXIST') throw error;
      await discardCacheEntry({ cacheDir, key });
      await rename(tmp, dir);
    });
    const entryCount = products.reduce((sum, product) => sum + product.entries.length, 0);
    return {
      entry: { dir, tree: path.join(dir, 'tree'), manifest, entryCount },
      moved: movedPaths.length > 0,
    };
  } catch (error) {
    for (const product of movedPaths) {
      await rename(path.join(tree, product), path.join(workspace, product)).catch(() => undefined);
    }
    await rm(tmp, { recursive: true, force: true }).catch(() => undefined);
    throw error;
  }
}

/** Renames `from` to `to`; false when they are on different file systems (EXDEV). */
async function moveOrFalse(from: string, to: string): Promise<boolean> {
  try {
    await rename(from, to);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EXDEV') return false;
    throw error;
  }
}

/**
 * Clears the write bits of every file in `entries` (under `root`), and records the new mode. A file with
 * other links (a package manager's own store, as pnpm keeps one) is left as it is: its mode is not ours to
 * change; verification still guards it.
 */
function makeReadOnly(root: string, entries: TreeEntry[]): void {
  for (const entry of entries) {
    if (entry.type !== 'file' || (entry.mode & 0o222) === 0) continue;
    const file = path.join(root, entry.path);
    if (lstatSync(file).nlink > 1) continue;
    entry.mode &= ~0o222;
    // chmod changes ctime only: size, mtime and inode, which verification compares, stay as scanned.
    chmodSync(file, entry.mode);
  }
}
