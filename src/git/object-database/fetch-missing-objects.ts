import { fetchPromisedObjects } from './fetch-promised-objects.js';
import { listStoreDirs } from './list-store-dirs.js';
import { locateObject } from './locate-object.js';
import type { ObjectStore } from './object-store.js';
import { readPromisorRemotes } from './read-promisor-remotes.js';
import { rescanPacks } from './rescan-packs.js';
import { UserError } from '../../errors/specgate-error.js';

/**
 * Fetches objects missing from a partial clone from its promisor remotes, in git's order, each remote
 * asked (in one process) for what the ones before it did not bring, and lists the packs again so that
 * reads find them. Returns `false`, fetching nothing, when the repository has no promisor remote.
 *
 * @throws UserError `MISSING_OBJECT` naming the object(s) and the remote when no remote supplies them.
 */
export async function fetchMissingObjects(args: { store: ObjectStore; oids: string[] }): Promise<boolean> {
  const { store } = args;
  const remotes = readPromisorRemotes(store.ctx);
  if (remotes.length === 0) return false;
  let missing = args.oids;
  let failure: UserError | undefined;
  for (const remote of remotes) {
    try {
      await fetchPromisedObjects({ ctx: store.ctx, remote, oids: missing });
      failure = undefined;
    } catch (error) {
      if (!(error instanceof UserError)) throw error;
      failure = error;
    }
    await rescanPacks(store, { fresh: true });
    const dirs = await listStoreDirs(store);
    missing = missing.filter((oid) => !locateObject({ fs: store.fs, dirs, oid, loose: true }));
    if (missing.length === 0) return true;
  }
  if (failure) throw failure;
  const named = `${missing.length === 1 ? 'object' : 'objects'} ${missing[0]}${missing.length > 1 ? ` (and ${missing.length - 1} more)` : ''}`;
  throw new UserError(
    'MISSING_OBJECT',
    `${named} of this partial clone could not be fetched: its promisor remote${remotes.length > 1 ? 's' : ''} ${remotes.map((remote) => `'${remote}'`).join(', ')} did not send ${missing.length === 1 ? 'it' : 'them'}`,
  );
}
