import type { GitContext } from '../git-context.js';
import { fetchMissingObjects } from './fetch-missing-objects.js';
import { listStoreDirs } from './list-store-dirs.js';
import { locateObject } from './locate-object.js';
import { readPromisorRemotes } from './read-promisor-remotes.js';
import { rescanPacks } from './rescan-packs.js';

const OID = /^[0-9a-f]{40}$/;

/**
 * Makes sure the objects `oids` are present before they are read, where a partial clone lacks some: the
 * missing ones are fetched from its promisor remote in one `git fetch`, rather than one per object as
 * reads would. Call it where the objects needed are known ahead (the blobs of a tree to check out). Does
 * nothing, at the cost of a few index lookups, in a repository that is not a partial clone; ids that are
 * not object ids (say, a submodule's commit) must not be passed.
 *
 * @throws UserError `MISSING_OBJECT` naming the object(s) and the remote when the fetch fails.
 */
export async function prefetch(ctx: GitContext, oids: Iterable<string>): Promise<void> {
  if (readPromisorRemotes(ctx).length === 0) return;
  const store = ctx.objectDatabase.store;
  const dirs = await listStoreDirs(store);
  const missing = new Set<string>();
  for (const oid of oids) {
    const id = oid.toLowerCase();
    if (!OID.test(id) || missing.has(id) || store.objects.get(id)) continue;
    if (!locateObject({ fs: store.fs, dirs, oid: id, loose: true })) missing.add(id);
  }
  if (missing.size === 0) return;
  // A pack may have arrived since the listing (another run's fetch): look again before fetching.
  await rescanPacks(store);
  const still = [...missing].filter((oid) => !locateObject({ fs: store.fs, dirs, oid, loose: false }));
  if (still.length > 0) await fetchMissingObjects({ store, oids: still });
}
