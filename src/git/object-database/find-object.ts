import { fetchMissingObjects } from './fetch-missing-objects.js';
import type { GitObject } from './git-object.js';
import { listStoreDirs } from './list-store-dirs.js';
import { locateObject } from './locate-object.js';
import { ObjectNotFoundError } from './object-not-found-error.js';
import type { ObjectDir, ObjectStore } from './object-store.js';
import { readLooseObject } from './read-loose-object.js';
import { readPackedObject } from './read-packed-object.js';
import { readPromisorRemotes } from './read-promisor-remotes.js';
import { rescanPacks } from './rescan-packs.js';

/**
 * Finds and reads object `oid`, with no memo: in the packs known to the store first (an in-memory search
 * of their indexes, where most objects of a real repository are), then among loose objects (where
 * objects written during the run go), and only then lists the pack directories again, in case a pack
 * appeared since (a `git gc` or fetch during the run). In a partial clone, an object still missing is
 * fetched from the promisor remote — the misses of one turn of the event loop in one fetch. `readBase`
 * reads the base of a thin pack's REF_DELTA.
 *
 * @throws ObjectNotFoundError (a `MISSING_OBJECT` user error) when it is nowhere and nothing promises it;
 *   a `MISSING_OBJECT` user error naming the remote when the promisor fetch fails.
 */
export async function findObject(args: {
  store: ObjectStore;
  oid: string;
  readBase: (oid: string) => Promise<GitObject>;
}): Promise<GitObject> {
  const { store, oid, readBase } = args;
  const dirs = await listStoreDirs(store);
  const found = await lookIn(store, dirs, oid, readBase);
  if (found) return found;
  // Concurrent misses share one listing; the packs are searched again even when this listing added
  // none, since another one may have added the right pack while this read was looking at loose objects.
  await rescanPacks(store);
  const repacked = locateObject({ fs: store.fs, dirs, oid, loose: false });
  if (repacked && 'pack' in repacked) return readPackedObject({ store, ...repacked, readBase });
  if (await fetchLazily(store, oid)) {
    const fetched = await lookIn(store, dirs, oid, readBase);
    if (fetched) return fetched;
  }
  throw new ObjectNotFoundError(oid, store.objectsDir);
}

async function lookIn(
  store: ObjectStore,
  dirs: ObjectDir[],
  oid: string,
  readBase: (oid: string) => Promise<GitObject>,
) {
  const packed = locateObject({ fs: store.fs, dirs, oid, loose: false });
  if (packed && 'pack' in packed) return readPackedObject({ store, ...packed, readBase });
  for (const dir of dirs) {
    const loose = await readLooseObject({ fs: store.fs, objectsDir: dir.path, oid });
    if (loose) return loose;
  }
  return undefined;
}

/**
 * Adds `oid` to the batch of objects to fetch from the promisor remote, which starts once the reads of
 * this turn of the event loop have all missed (a merge reads a directory's blobs together). Resolves to
 * `false`, at once, when the repository is not a partial clone.
 */
function fetchLazily(store: ObjectStore, oid: string): Promise<boolean> {
  if (readPromisorRemotes(store.ctx).length === 0) return Promise.resolve(false);
  let batch = store.promised;
  if (!batch) {
    const oids = new Set<string>();
    const fetched = new Promise<void>((resolve) => setImmediate(resolve)).then(async () => {
      // Misses from now on start the next batch.
      store.promised = undefined;
      await fetchMissingObjects({ store, oids: [...oids] });
    });
    store.promised = batch = { oids, fetched };
  }
  batch.oids.add(oid);
  return batch.fetched.then(() => true);
}
