import type { ObjectStore } from './object-store.js';

/**
 * One repository's object database, opened once per run with its `GitContext` (`openGitContext`) and
 * closed by whoever opened it: the packs it has open, the object reader's bounded caches, and the memos of
 * what a run reads again and again (commits, the commit-graph, the shallow boundary, the repository's
 * config, history walks). Nothing of it lives in module state, so two databases never share a memo.
 */
export interface ObjectDatabase {
  /** The object reader's state: the pack listing, open pack files, caches and reads in flight. */
  readonly store: ObjectStore;
  /**
   * The memo `owner` (the function that keeps it, by convention) keeps in this database, made by `create`
   * on first use; `undefined` is remembered like any other value.
   */
  memo<T>(owner: object, create: () => T): T;
  /**
   * Closes the pack files reads opened and drops the memos and caches. Safe whenever no read is in flight:
   * the database stays usable, and a later read reopens what it needs (and must be closed again).
   */
  close(): Promise<void>;
}
