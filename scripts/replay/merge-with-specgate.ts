import type { GitContext } from '../../src/git/git-context.js';
import { mergeBaseTree } from '../../src/git/merge-engine/merge-base-tree.js';
import { mergeTrees } from '../../src/git/merge-engine/merge-trees.js';
import { readCommit } from '../../src/git/object-database/read-commit.js';

/** What specgate's own merge path makes of two commits. */
export type SpecgateMerge =
  { clean: true; tree: string } | { clean: false; conflicts: { path: string; reason: string }[] };

/**
 * Merges commit `theirs` into commit `ours` through the functions the product uses to merge one commit
 * onto another (the merge base tree of the pair, then a three-way tree merge), writing nothing but the
 * merged objects. Kept to `mergeBaseTree`'s and `mergeTrees`' exported signatures only, so it goes on
 * working whatever their insides become.
 */
export async function mergeWithSpecgate(args: {
  ctx: GitContext;
  ours: string;
  theirs: string;
}): Promise<SpecgateMerge> {
  const { ctx, ours, theirs } = args;
  const [a, b] = await Promise.all([readCommit(ctx, ours), readCommit(ctx, theirs)]);
  // (theirs, ours): the order the product asks in (change onto state).
  const base = await mergeBaseTree(ctx, theirs, ours);
  if (base.conflict)
    return { clean: false, conflicts: [{ path: '(merge base)', reason: 'merge bases conflict' }] };
  const merged = await mergeTrees({ ctx, base: base.tree, ours: a.tree, theirs: b.tree });
  return merged.clean ? { clean: true, tree: merged.treeOid } : { clean: false, conflicts: merged.conflicts };
}
