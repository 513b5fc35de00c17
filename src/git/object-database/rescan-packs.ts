import { listStoreDirs } from './list-store-dirs.js';
import type { ObjectStore } from './object-store.js';
import { scanPacks } from './scan-packs.js';

/**
 * Lists the pack directories again and adds the packs that appeared since (a `git gc`, a fetch — also a
 * promisor fetch of this run). Concurrent callers share one listing; with `fresh`, one that started
 * before the call is waited for and not trusted (it may have missed what the caller just fetched).
 */
export async function rescanPacks(store: ObjectStore, options: { fresh?: boolean } = {}): Promise<void> {
  const dirs = await listStoreDirs(store);
  if (options.fresh) await store.rescan?.catch(() => undefined);
  await (store.rescan ??= Promise.all(dirs.map((dir) => scanPacks({ store, dir }))).finally(() => {
    store.rescan = undefined;
  }));
}
