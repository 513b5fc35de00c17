import { compareHistories } from './compare-histories.js';
import type { GitContext } from './git-context.js';
import { mergeTrees } from './merge-trees.js';
import { readCommit } from './read-commit.js';

/** The tree to merge from: undefined for unrelated histories; `conflict` when a virtual base cannot be made. */
export type MergeBaseTree = { conflict: false; tree?: string } | { conflict: true };

/**
 * The merge base of commits `a` and `b`, as a tree: the single best common ancestor's tree; none for
 * unrelated histories; and for criss-cross histories a virtual base made by merging the two bases
 * recursively (as git's recursive strategies do). When the bases themselves conflict (or there are more
 * than two), the result is `conflict`, and callers report a merge conflict rather than guess.
 */
export async function mergeBaseTree(ctx: GitContext, a: string, b: string): Promise<MergeBaseTree> {
  const { mergeBases } = await compareHistories(ctx, a, b);
  if (mergeBases.length === 0) return { conflict: false };
  if (mergeBases.length === 1) return { conflict: false, tree: (await readCommit(ctx, mergeBases[0])).tree };
  if (mergeBases.length > 2) return { conflict: true };
  const [first, second] = mergeBases;
  const inner = await mergeBaseTree(ctx, first, second);
  if (inner.conflict) return inner;
  const merged = await mergeTrees({
    ctx,
    base: inner.tree,
    ours: (await readCommit(ctx, first)).tree,
    theirs: (await readCommit(ctx, second)).tree,
  });
  return merged.clean ? { conflict: false, tree: merged.treeOid } : { conflict: true };
}
