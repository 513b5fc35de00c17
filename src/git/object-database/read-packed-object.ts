import { applyDelta } from './apply-delta.js';
import { findPackOffset } from './find-pack-offset.js';
import type { GitObject, GitObjectType } from './git-object.js';
import { inflatePackData } from './inflate-pack-data.js';
import type { ObjectStore, PackFile } from './object-store.js';
import { PACK_KIND } from './parse-pack-entry-header.js';
import { type LocatedPackEntry, readPackEntryHeader } from './read-pack-entry-header.js';
import { readPackBytes } from './read-pack-bytes.js';

const TYPE_OF_KIND: Record<number, GitObjectType> = {
  [PACK_KIND.commit]: 'commit',
  [PACK_KIND.tree]: 'tree',
  [PACK_KIND.blob]: 'blob',
  [PACK_KIND.tag]: 'tag',
};

/** Far beyond git's own limit (pack.depth is capped at 4095): only a corrupt pack, say a REF_DELTA cycle, gets here. */
const MAX_CHAIN = 10_000;

interface Step {
  key: number;
  entry: LocatedPackEntry;
  settle: { resolve: (object: GitObject) => void; reject: (error: unknown) => void };
  promise: Promise<GitObject>;
}

/**
 * Reads the object stored at `offset` of `pack`, resolving OFS_DELTA and REF_DELTA chains of any depth.
 *
 * The chain is first walked down by its headers alone, without recursion, until an entry that is not a
 * delta, a base in the store's base cache, or an entry another reader is already resolving. Only then is
 * anything inflated: the chain's entries are registered as being resolved, in one synchronous step, and
 * the deltas applied upwards, each result settling its entry for any reader waiting on it and going to
 * the bounded base cache (the objects of one history share their chains). A reader only ever waits on
 * entries registered before its own, so readers cannot wait on each other in a circle.
 *
 * A REF_DELTA whose base is not in the same pack (a thin pack) gets it from `readBase`.
 */
export async function readPackedObject(args: {
  store: ObjectStore;
  pack: PackFile;
  offset: number;
  readBase: (oid: string) => Promise<GitObject>;
}): Promise<GitObject> {
  const { store, pack, readBase } = args;
  const keyAt = (offset: number) => pack.base + offset;
  const known = (key: number) => {
    const cached = store.bases.get(key);
    return cached ? Promise.resolve(cached) : store.resolving.get(key);
  };

  // Walk down: entries from the requested one to the first whole object, known entry or outside base.
  const entries: LocatedPackEntry[] = [];
  let below: Promise<GitObject> | undefined;
  let outside: string | undefined;
  for (let offset = args.offset; ;) {
    below = known(keyAt(offset));
    if (below) break;
    const entry = await readPackEntryHeader({ store, pack, offset });
    entries.push(entry);
    if (TYPE_OF_KIND[entry.kind]) break;
    if (entries.length > MAX_CHAIN)
      throw new Error(`${pack.path}: delta chain at offset ${args.offset} is too deep`);
    const next = entry.baseOffset ?? findPackOffset(pack.index, entry.baseId as Buffer);
    if (next === undefined) {
      outside = (entry.baseId as Buffer).toString('hex');
      break;
    }
    offset = next;
  }

  // Other readers may have started on part of this chain during the walk: join them where they are.
  const meet = entries.findIndex((entry) => known(keyAt(entry.offset)));
  if (meet >= 0) {
    below = known(keyAt(entries[meet].offset));
    entries.length = meet;
    outside = undefined;
  }
  if (entries.length === 0) return below as Promise<GitObject>;
  const steps = entries.map((entry): Step => {
    let settle!: Step['settle'];
    const promise = new Promise<GitObject>((resolve, reject) => (settle = { resolve, reject }));
    // Nobody may be waiting on an entry that fails; its error reaches this reader's caller anyway.
    promise.catch(() => undefined);
    return { key: keyAt(entry.offset), entry, settle, promise };
  });
  for (const step of steps) store.resolving.set(step.key, step.promise);

  try {
    const last = steps[steps.length - 1];
    const wholeType = TYPE_OF_KIND[last.entry.kind];
    let base: GitObject;
    let next = steps.length - 1;
    if (wholeType) {
      base = { type: wholeType, content: await inflate(store, pack, last.entry) };
      if (next > 0) store.bases.set(last.key, base);
      last.settle.resolve(base);
      next--;
    } else base = await (below ?? readBase(outside as string));
    for (let i = next; i >= 0; i--) {
      const delta = await inflate(store, pack, steps[i].entry);
      try {
        base = { type: base.type, content: applyDelta(base.content, delta) };
      } catch (error) {
        const where = `${pack.path}: entry at offset ${steps[i].entry.offset}`;
        throw new Error(`${where}: ${(error as Error).message}`, { cause: error });
      }
      // Every result below the requested object is a delta base, and worth caching as one.
      if (i > 0) store.bases.set(steps[i].key, base);
      steps[i].settle.resolve(base);
    }
    return base;
  } catch (error) {
    for (const step of steps) step.settle.reject(error);
    throw error;
  } finally {
    for (const step of steps)
      if (store.resolving.get(step.key) === step.promise) store.resolving.delete(step.key);
  }
}

function inflate(store: ObjectStore, pack: PackFile, entry: LocatedPackEntry): Promise<Buffer> {
  return inflatePackData({
    read: (position, length) => readPackBytes({ store, pack, position, length }),
    position: entry.offset + entry.length,
    size: entry.size,
    prefix: entry.prefix,
    where: pack.path,
  });
}
