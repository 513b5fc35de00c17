import type { FileHandle } from 'node:fs/promises';
import type * as nodeFs from 'node:fs';
import type { LRUCache } from 'lru-cache';
import type { GitContext } from '../git-context.js';
import type { GitObject } from './git-object.js';
import type { PackIndex } from './pack-index.js';

/** One `.pack` file with its parsed index; the file is opened on first read and then kept open. */
export interface PackFile {
  /** Path of the `.pack` file. */
  path: string;
  /**
   * This pack's entry at offset `o` is `base + o` in the store's caches: numbers hash far faster than
   * path strings. `base` is the pack's number in the run times 2^40 (offsets stay below 1 TiB).
   */
  base: number;
  index: PackIndex;
  handle?: Promise<FileHandle>;
}

/** An objects directory (the repository's own, or an alternate) and the packs found in it so far. */
export interface ObjectDir {
  path: string;
  packs: PackFile[];
}

/**
 * What the object reader keeps for one object database (`ObjectDatabase.store`): the directories to
 * search, their packs, open file handles and the bounded caches.
 */
export interface ObjectStore {
  /** The run's repository, for what reading needs beyond the objects (its config, for a lazy fetch). */
  ctx: GitContext;
  fs: typeof nodeFs;
  objectsDir: string;
  /** How many packs have been found so far, which numbers the next one. */
  packCount: number;
  /** The repository's objects directory, then its alternates, with their packs; listed on first read. */
  dirs?: Promise<ObjectDir[]>;
  /** Recently read objects by id, bounded by their total content size. */
  objects: LRUCache<string, GitObject>;
  /** Inflated delta bases by pack entry (`PackFile.base` + offset), bounded by their total content size. */
  bases: LRUCache<number, GitObject>;
  /**
   * Recently read fixed-size windows of pack files by `PackFile.base` + window number, bounded (git's
   * pack windows): neighbouring small entries cost one read, not one each. Promises, so that concurrent
   * readers of a window share its read.
   */
  windows: LRUCache<number, Promise<Buffer>>;
  /**
   * Pack entries being resolved, by `PackFile.base` + offset, so that concurrent readers whose delta
   * chains meet share the work below the meeting point.
   */
  resolving: Map<number, Promise<GitObject>>;
  /** Reads in flight, so that concurrent readers of one id share one read. */
  pending: Map<string, Promise<GitObject>>;
  /** A pack re-listing in flight, shared by the misses that triggered it. */
  rescan?: Promise<unknown>;
  /**
   * Missing objects to fetch from a partial clone's promisor remote, gathered while the reads of one turn
   * of the event loop miss, so that one fetch brings them all.
   */
  promised?: { oids: Set<string>; fetched: Promise<void> };
  /** Every handle opened, for `ObjectDatabase.close`. */
  handles: Array<Promise<FileHandle>>;
}
