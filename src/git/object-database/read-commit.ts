import type { GitContext } from '../git-context.js';
import { parseCommit } from './parse-commit.js';
import { readObject } from './read-object.js';
import { readShallow } from './read-shallow.js';

/** The parts of a commit specgate uses. */
export interface CommitInfo {
  oid: string;
  tree: string;
  parents: string[];
  message: string;
  /** Committer time, seconds since the epoch. */
  committerTime: number;
  /** The author, kept when a commit is replayed (cherry-pick merge mode). */
  author: { name: string; email: string; timestamp: number; timezoneOffset: number };
}

/**
 * Reads and parses one commit (with no parents when it is a shallow clone's boundary commit, as git
 * reads it), memoised in the object database (`ctx.objectDatabase`), because the
 * dependency walk, merge-base search and merges read the same commits again and again.
 */
export function readCommit(ctx: GitContext, oid: string): Promise<CommitInfo> {
  const memo = ctx.objectDatabase.memo(readCommit, () => new Map<string, Promise<CommitInfo>>());
  let info = memo.get(oid);
  if (!info) {
    info = readObject(ctx, oid).then((object) => {
      if (object.type !== 'commit') throw new Error(`object ${oid} is a ${object.type}, not a commit`);
      const commit = parseCommit(object.content);
      // A shallow clone's boundary commits have no parents, for every walk, as in git.
      const parents = readShallow(ctx)?.has(oid) ? [] : commit.parents;
      return {
        oid,
        tree: commit.tree,
        parents,
        message: commit.message,
        committerTime: commit.committer.timestamp,
        author: commit.author,
      };
    });
    memo.set(oid, info);
    // A commit that is missing now may be written later in the run (a pruned speculative commit merged
    // again): a failed read is not remembered.
    const failed = info;
    failed.catch(() => {
      if (memo.get(oid) === failed) memo.delete(oid);
    });
  }
  return info;
}
