import git from 'isomorphic-git';
import { compareHistories } from './compare-histories.js';
import type { GitContext } from './git-context.js';
import { mergeTrees } from './merge-trees.js';
import { readCommit } from './read-commit.js';

/** The result of merging one change onto a speculative state. */
export type MergeOntoStateResult =
  | { clean: true; oid: string }
  | { clean: false; conflicts: { path: string; reason: string }[] };

/** Identity of every commit specgate writes; fixed so that the same inputs give the same commit id. */
const SPECGATE_IDENTITY = { name: 'specgate', email: 'specgate@localhost', timezoneOffset: 0 };

/**
 * Merges commit `change` onto commit `state` as `git merge --no-ff` would, and writes the merge commit.
 * The commit is deterministic: its author and committer are specgate, its time is the newer of its two
 * parents' committer times and its message is `message`, so the same inputs always give the same id.
 * Returns the conflicting paths instead when the merge is not clean.
 */
export async function mergeOntoState(args: { ctx: GitContext; state: string; change: string; message: string }): Promise<MergeOntoStateResult> {
  const { ctx, state, change } = args;
  const [ours, theirs] = await Promise.all([readCommit(ctx, state), readCommit(ctx, change)]);
  const base = await mergeBaseTree(ctx, state, change);
  if (base === CRISS_CROSS_CONFLICT) {
    return { clean: false, conflicts: [{ path: '(merge base)', reason: 'the merge bases of this criss-cross history conflict' }] };
  }
  const merged = await mergeTrees({ ctx, base, ours: ours.tree, theirs: theirs.tree });
  if (!merged.clean) return merged;
  const signature = { ...SPECGATE_IDENTITY, timestamp: Math.max(ours.committerTime, theirs.committerTime) };
  const oid = await git.writeCommit({
    fs: ctx.fs,
    gitdir: ctx.gitdir,
    commit: { tree: merged.treeOid, parent: [state, change], author: signature, committer: signature, message: args.message },
  });
  return { clean: true, oid };
}

const CRISS_CROSS_CONFLICT = Symbol('criss-cross conflict');

/**
 * The tree to use as merge base: the single best common ancestor's tree, none for unrelated histories,
 * and for criss-cross histories a virtual base made by merging the bases (as git's recursive strategies
 * do); if the bases themselves conflict the merge is reported as conflicting.
 */
async function mergeBaseTree(ctx: GitContext, a: string, b: string): Promise<string | undefined | typeof CRISS_CROSS_CONFLICT> {
  const { mergeBases } = await compareHistories(ctx, a, b);
  if (mergeBases.length === 0) return undefined;
  if (mergeBases.length === 1) return (await readCommit(ctx, mergeBases[0])).tree;
  if (mergeBases.length > 2) return CRISS_CROSS_CONFLICT;
  const [first, second] = mergeBases;
  const inner = await mergeBaseTree(ctx, first, second);
  if (inner === CRISS_CROSS_CONFLICT) return inner;
  const merged = await mergeTrees({
    ctx,
    base: inner,
    ours: (await readCommit(ctx, first)).tree,
    theirs: (await readCommit(ctx, second)).tree,
  });
  return merged.clean ? merged.treeOid : CRISS_CROSS_CONFLICT;
}
