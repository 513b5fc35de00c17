import type * as nodeFs from 'node:fs';

/**
 * Everything an isomorphic-git call needs, resolved once per run and passed to every function in
 * `src/git/`: the file system, the repository's git directory and one shared object cache (isomorphic-git
 * keeps parsed pack indexes in it, so sharing it across calls is what keeps reads fast).
 */
export interface GitContext {
  fs: typeof nodeFs;
  /** The working tree root, when the repository has one. */
  dir?: string;
  /** The git directory (`.git`, or the repository itself when bare). */
  gitdir: string;
  /** Where objects live (`<common gitdir>/objects`); state checkouts borrow objects from here. */
  objectsDir: string;
  /** isomorphic-git's cache object, shared by every call of one run. */
  cache: object;
}
