import type { FileHandle } from 'node:fs/promises';
import type { GitContext } from '../git-context.js';
import { LRUCache } from 'lru-cache';
import type { GitObject } from './git-object.js';
import type { ObjectDatabase } from './object-database.js';
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

/**
 * The last resort for a database dropped without `close()`: its pack files are closed when it is garbage
 * collected, rather than by Node with a deprecation warning on stderr. Whoever opens a database closes it;
 * this only keeps a forgotten close from being noisy.
 */
const closer = new FinalizationRegistry<Array<Promise<FileHandle>>>((handles) => {
  for (const handle of handles) handle.then((opened) => opened.close()).catch(() => undefined);
});

/**
 * Opens the object database of the repository `ctx` names, without any I/O: packs are listed and opened
 * on first read. The store keeps `ctx` for what reading needs beyond the objects (the repository's config,
 * a partial clone's lazy fetch), so `ctx` is the context this database becomes part of.
 */
export function openObjectDatabase(ctx: GitContext): ObjectDatabase {
  const store: ObjectStore = {
    ctx,
    fs: ctx.fs,
    objectsDir: ctx.objectsDir,
    packCount: 0,
    ...emptyCaches(),
    resolving: new Map(),
    pending: new Map(),
    handles: [],
  };
  const memos = new Map<object, unknown>();
  const database: ObjectDatabase = {
    store,
    memo<T>(owner: object, create: () => T): T {
      if (!memos.has(owner)) memos.set(owner, create());
      return memos.get(owner) as T;
    },
    async close() {
      memos.clear();
      Object.assign(store, emptyCaches());
      const handles = store.handles.splice(0);
      const dirs = (await store.dirs?.catch(() => undefined)) ?? [];
      for (const dir of dirs) for (const pack of dir.packs) pack.handle = undefined;
      await Promise.all(
        handles.map((handle) =>
          handle.then(
            (opened) => opened.close(),
            () => undefined,
          ),
        ),
      );
    },
  };
  closer.register(database, store.handles);
  return database;
}

/** The object reader's bounded caches, empty. */
function emptyCaches(): Pick<ObjectStore, 'objects' | 'bases' | 'windows'> {
  const sizeOf = (object: GitObject) => object.content.length + ENTRY_OVERHEAD;
  return {
    objects: new LRUCache({ maxSize: OBJECTS_BYTES, sizeCalculation: sizeOf }),
    bases: new LRUCache({ maxSize: BASES_BYTES, sizeCalculation: sizeOf }),
    windows: new LRUCache({ maxSize: WINDOWS_BYTES, sizeCalculation: () => PACK_WINDOW_BYTES }),
  };
}
