import type { GitContext } from '../git-context.js';
import { mergeBaseTree } from '../merge-engine/merge-base-tree.js';
import { mergeTrees } from '../merge-engine/merge-trees.js';
import { writeCommit } from '../object-database/write-commit.js';
import { readCommit } from '../object-database/read-commit.js';
import { specgateSignature } from '../object-database/signature.js';

/** The result of bringing one change onto a speculative state. */
export type OntoStateResult =
  { clean: true; oid: string } | { clean: false; conflicts: { path: string; reason: string }[] };

/** The conflict reported when specgate cannot build the virtual merge base git would (see mergeBaseTree). */
export const CRISS_CROSS_CONFLICT = {
  path: '(merge base)',
  reason:
    'the virtual merge base of this criss-cross history needs a rename or file/directory resolution specgate does not model',
};

/**
 * Merges commit `change` onto commit `state` as `git merge --no-ff` would, and writes the merge commit.
 * The commit is deterministic: its author and committer are specgate, its time is the newer of its two
 * parents' committer times and its message is `message`, so the same inputs always give the same id.
 * Returns the conflicting paths instead when the merge is not clean.
 */
export async function mergeOntoState(args: {
  ctx: GitContext;
  state: string;
  change: string;
  message: string;
}): Promise<OntoStateResult> {
  const { ctx, state, change } = args;
  const [ours, theirs] = await Promise.all([readCommit(ctx, state), readCommit(ctx, change)]);
  // (change, state): the pair the merge operation already compared, so the walk is shared.
  const base = await mergeBaseTree(ctx, change, state);
  if (base.conflict) return { clean: false, conflicts: [CRISS_CROSS_CONFLICT] };
  const merged = await mergeTrees({ ctx, base: base.tree, ours: ours.tree, theirs: theirs.tree });
  if (!merged.clean) return merged;
  const signature = specgateSignature(Math.max(ours.committerTime, theirs.committerTime));
  const oid = writeCommit(ctx, {
    tree: merged.treeOid,
    parents: [state, change],
    author: signature,
    committer: signature,
    message: args.message,
  });
  return { clean: true, oid };
}
