import type { GitContext } from '../git-context.js';
import { findObject } from './find-object.js';
import type { GitObject } from './git-object.js';

export type { GitObject, GitObjectType } from './git-object.js';

const OID = /^[0-9a-f]{40}$/;

/**
 * Reads one object by id from the repository's packs, loose objects and alternates, memory-bounded: a
 * pack is never read whole, only with positional reads of 64 KiB windows (kept in a 16 MiB cache) or of
 * about one entry's size for larger entries, and the object database's other caches
 * (`ctx.objectDatabase`) are bounded by size too: 64 MiB of recently read objects, 32 MiB of delta
 * bases. Objects written during the run, loose or in a new pack, are found; in a partial clone, a missing object is fetched from the
 * promisor remote. Throws a user error naming the id (`MISSING_OBJECT`: an `ObjectNotFoundError`, or a
 * failed promisor fetch naming the remote) when the object is missing, and an Error naming the file when
 * the repository is corrupt. The returned content may be shared with other readers: do not modify it.
 */
export async function readObject(ctx: GitContext, oid: string): Promise<GitObject> {
  const id = oid.toLowerCase();
  if (!OID.test(id)) throw new Error(`not an object id: ${JSON.stringify(oid)}`);
  const store = ctx.objectDatabase.store;
  const memo = store.objects.get(id);
  if (memo) return memo;
  let pending = store.pending.get(id);
  if (!pending) {
    const readBase = (base: string) => readObject(ctx, base);
    pending = findObject({ store, oid: id, readBase })
      .then((object) => {
        store.objects.set(id, object);
        return object;
      })
      .finally(() => store.pending.delete(id));
    store.pending.set(id, pending);
  }
  return pending;
}
