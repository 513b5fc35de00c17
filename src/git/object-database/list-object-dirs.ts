import type { ObjectDir, ObjectStore } from './object-store.js';
import { readAlternates } from './read-alternates.js';
import { scanPacks } from './scan-packs.js';

/**
 * Returns the directories to search for objects — the store's objects directory, then its alternates —
 * each with the packs it holds now.
 */
export async function listObjectDirs(args: { store: ObjectStore }): Promise<ObjectDir[]> {
  const { store } = args;
  const paths = [store.objectsDir, ...(await readAlternates({ fs: store.fs, objectsDir: store.objectsDir }))];
  const dirs = paths.map((path): ObjectDir => ({ path, packs: [] }));
  await Promise.all(dirs.map((dir) => scanPacks({ store, dir })));
  return dirs;
}
