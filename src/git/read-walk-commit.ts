import type { GitContext } from './git-context.js';
import { loadCommitGraph } from './objects/load-commit-graph.js';
import { readCommit } from './read-commit.js';

/** What a history walk needs of a commit. */
export interface WalkCommit {
  oid: string;
  parents: string[];
  /** Committer time, seconds since the epoch. */
  committerTime: number;
  /** Its generation number in the commit-graph; `Infinity` for a commit the graph does not hold. */
  generation: number;
}

const memos = new WeakMap<object, Map<string, WalkCommit>>();

/**
 * A commit's parents, date and generation for a walk: from the commit-graph when the repository has one
 * that holds the commit (no object is read or inflated), else from the commit object (generation
 * `Infinity`, as git gives commits newer than its graph). Honours the shallow boundary either way (git
 * ignores the graph of a shallow repository). Memoised for the run (`ctx.cache`).
 */
export async function readWalkCommit(ctx: GitContext, oid: string): Promise<WalkCommit> {
  let memo = memos.get(ctx.cache);
  if (!memo) memos.set(ctx.cache, (memo = new Map()));
  const known = memo.get(oid);
  if (known) return known;
  const inGraph = loadCommitGraph(ctx)?.lookup(oid);
  let commit: WalkCommit;
  if (inGraph) commit = { oid, parents: inGraph.parents, committerTime: inGraph.committerTime, generation: inGraph.generation };
  else {
    const info = await readCommit(ctx, oid);
    commit = { oid, parents: info.parents, committerTime: info.committerTime, generation: Number.POSITIVE_INFINITY };
  }
  memo.set(oid, commit);
  return commit;
}
