import { listObjectDirs } from './list-object-dirs.js';
import type { ObjectDir, ObjectStore } from './object-store.js';

/** The store's object directories with their packs, listed on first use and then shared by every read. */
export function listStoreDirs(store: ObjectStore): Promise<ObjectDir[]> {
  return (store.dirs ??= listObjectDirs({ store }).catch((error: unknown) => {
    // A failed listing (say, a permission error) is not remembered: the next read lists again.
    store.dirs = undefined;
    throw error;
  }));
}
