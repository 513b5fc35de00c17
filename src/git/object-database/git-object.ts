/** The four kinds of object a git repository stores. */
export type GitObjectType = 'blob' | 'tree' | 'commit' | 'tag';

/**
 * One object as git stores it: its type and its exact bytes (without the `type size\0` header).
 * The content may be shared with the run's caches: callers must not modify it.
 */
export interface GitObject {
  type: GitObjectType;
  content: Buffer;
}
