import type * as nodeFs from 'node:fs';
import type { ObjectDatabase } from './object-database/object-database.js';

/**
 * One opened repository, passed to every function in `src/git/`: the file system, where the repository
 * is, and its object database. Made by `openRepository` (from a directory, as git finds it) or
 * `openGitContext` (from a known location); whoever opens one closes its object database when done.
 */
export interface GitContext {
  fs: typeof nodeFs;
  /** The working tree root, when the repository has one. */
  dir?: string;
  /** The git directory (`.git`, or the repository itself when bare). */
  gitdir: string;
  /** Where objects live (`<common gitdir>/objects`); state checkouts borrow objects from here. */
  objectsDir: string;
  /** The object database: packs, caches and the run's memos of commits and history; see `ObjectDatabase`. */
  objectDatabase: ObjectDatabase;
  /**
   * A plain object that lives as long as this context: the `cache` argument of isomorphic-git's calls
   * (`expandOid`). specgate's own memos live in `objectDatabase`.
   */
  cache: object;
}
