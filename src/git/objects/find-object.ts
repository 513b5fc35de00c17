import { findPackOffset } from './find-pack-offset.js';
import type { GitObject } from './git-object.js';
import { listObjectDirs } from './list-object-dirs.js';
import { ObjectNotFoundError } from './object-not-found-error.js';
import type { ObjectDir, ObjectStore } from './object-store.js';
import { readLooseObject } from './read-loose-object.js';
import { readPackedObject } from './read-packed-object.js';
import { scanPacks } from './scan-packs.js';

/**
 * Finds and reads object `oid`, with no memo: in the packs known to the store first (an in-memory search
 * of their indexes, where most objects of a real repository are), then among loose objects (where
 * objects written during the run go), and only then lists the pack directories again, in case a pack
 * appeared since (a `git gc` or fetch during the run). Throws an `ObjectNotFoundError` when it is
 * nowhere. `readBase` reads the base of a thin pack's REF_DELTA.
 */
export async function findObject(args: {
  store: ObjectStore;
  oid: string;
  readBase: (oid: string) => Promise<GitObject>;
}): Promise<GitObject> {
  const { store, oid, readBase } = args;
  const { fs, objectsDir } = store;
  const dirs = await (store.dirs ??= listObjectDirs({ store }).catch((error: unknown) => {
    // A failed listing (say, a permission error) is not remembered: the next read lists again.
    store.dirs = undefined;
    throw error;
  }));
  const id = Buffer.from(oid, 'hex');
  const packed = findInPacks(dirs, id);
  if (packed) return readPackedObject({ store, ...packed, readBase });
  for (const dir of dirs) {
    const loose = await readLooseObject({ fs, objectsDir: dir.path, oid });
    if (loose) return loose;
  }
  // Concurrent misses share one listing; the packs are searched again even when this listing added
  // none, since another one may have added the right pack while this read was looking at loose objects.
  await (store.rescan ??= Promise.all(dirs.map((dir) => scanPacks({ store, dir }))).finally(() => {
    store.rescan = undefined;
  }));
  const repacked = findInPacks(dirs, id);
  if (repacked) return readPackedObject({ store, ...repacked, readBase });
  throw new ObjectNotFoundError(oid, objectsDir);
}

function findInPacks(dirs: ObjectDir[], id: Buffer) {
  for (const dir of dirs) {
    for (const pack of dir.packs) {
      const offset = findPackOffset(pack.index, id);
      if (offset !== undefined) return { pack, offset };
    }
  }
  return undefined;
}
