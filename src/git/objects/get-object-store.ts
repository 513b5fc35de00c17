import type { FileHandle } from 'node:fs/promises';
import { LRUCache } from 'lru-cache';
import type { GitContext } from '../git-context.js';
import type { GitObject } from './git-object.js';
import type { ObjectStore } from './object-store.js';
import { PACK_WINDOW_BYTES } from './read-pack-bytes.js';

/** Budget of the memo of recently read objects (the merge engine reads the same trees again and again). */
const OBJECTS_BYTES = 64 * 1024 * 1024;
/** Budget of the delta base cache (the objects of one delta chain share its bases). */
const BASES_BYTES = 32 * 1024 * 1024;
/** Budget of the pack windows: 256 windows of 64 KiB. */
const WINDOWS_BYTES = 16 * 1024 * 1024;
/** What an entry costs beyond its content: key, object and map slot; keeps tiny objects from being free. */
const ENTRY_OVERHEAD = 128;

const stores = new WeakMap<object, ObjectStore>();

/**
 * Pack handles stay open for the whole run; when a run's cache object is garbage collected this closes
 * them, instead of leaving Node to close them itself with a warning on stderr.
 */
const closer = new FinalizationRegistry<Array<Promise<FileHandle>>>((handles) => {
  for (const handle of handles) handle.then((opened) => opened.close()).catch(() => undefined);
});

/**
 * Returns the object reader's state for the run that `ctx.cache` identifies, creating it (without any
 * I/O) on first use, so that every read of a run shares one listing of the packs, their open files and
 * the caches.
 */
export function getObjectStore(ctx: GitContext): ObjectStore {
  let store = stores.get(ctx.cache);
  if (!store) {
    // Bounded by summed size, not count: git objects range from a few bytes to hundreds of megabytes.
    // An entry larger than a whole budget is not stored (it would evict everything else).
    const sizeCalculation = (object: GitObject) => object.content.length + ENTRY_OVERHEAD;
    store = {
      ctx,
      fs: ctx.fs,
      objectsDir: ctx.objectsDir,
      packCount: 0,
      objects: new LRUCache({ maxSize: OBJECTS_BYTES, sizeCalculation }),
      bases: new LRUCache({ maxSize: BASES_BYTES, sizeCalculation }),
      windows: new LRUCache({ maxSize: WINDOWS_BYTES, sizeCalculation: () => PACK_WINDOW_BYTES }),
      resolving: new Map(),
      pending: new Map(),
      handles: [],
    };
    stores.set(ctx.cache, store);
    closer.register(ctx.cache, store.handles);
  }
  return store;
}
