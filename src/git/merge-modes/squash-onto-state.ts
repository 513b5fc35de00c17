import { compareHistories } from '../history/compare-histories.js';
import type { GitContext } from '../git-context.js';
import { listOwnCommits } from '../history/list-own-commits.js';
import { mergeBaseTree } from '../merge-engine/merge-base-tree.js';
import { CRISS_CROSS_CONFLICT, type OntoStateResult } from './merge-onto-state.js';
import { mergeTrees } from '../merge-engine/merge-trees.js';
import { writeCommit } from '../object-database/write-commit.js';
import { readCommit } from '../object-database/read-commit.js';
import { specgateSignature } from '../object-database/signature.js';

/**
 * Brings a change onto `state` as one new commit with a single parent, as `git merge --squash` and a
 * commit would: the three-way merge of the change's tip onto the state. The merge base is the change's
 * own starting point — the tip of the newest dependency it is stacked on, else its merge base with the
 * target — because the state holds its dependencies as squashed copies, not as ancestors. The commit's
 * message lists the change's own commits; author and committer are specgate, at the tip's commit time.
 */
export async function squashOntoState(args: {
  ctx: GitContext;
  state: string;
  change: string;
  changeId: string;
  target: string;
  dependencies: string[];
}): Promise<OntoStateResult> {
  const { ctx } = args;
  const [ours, theirs] = await Promise.all([readCommit(ctx, args.state), readCommit(ctx, args.change)]);
  const base = await stackBase(ctx, args);
  if (base.conflict) return { clean: false, conflicts: [CRISS_CROSS_CONFLICT] };
  const merged = await mergeTrees({ ctx, base: base.tree, ours: ours.tree, theirs: theirs.tree });
  if (!merged.clean) return merged;
  const commits = await listOwnCommits(ctx, {
    tip: args.change,
    target: args.target,
    dependencies: args.dependencies,
  });
  const subjects = commits.map((commit) => `* ${commit.message.split('\n')[0]}`).join('\n');
  const signature = specgateSignature(theirs.committerTime);
  const oid = writeCommit(ctx, {
    tree: merged.treeOid,
    parents: [args.state],
    author: signature,
    committer: signature,
    message: `Squashed ${args.changeId}\n\n${subjects}\n`,
  });
  return { clean: true, oid };
}

async function stackBase(ctx: GitContext, args: { change: string; target: string; dependencies: string[] }) {
  // Dependencies the change is stacked on (their tips are its ancestors); the newest contains the others.
  const stackedOn: string[] = [];
  for (const dependency of args.dependencies) {
    if ((await compareHistories(ctx, dependency, args.change)).tipOnly.length === 0)
      stackedOn.push(dependency);
  }
  const newest = [];
  for (const candidate of stackedOn) {
    let containedInOther = false;
    for (const other of stackedOn) {
      if (other !== candidate && (await compareHistories(ctx, candidate, other)).tipOnly.length === 0)
        containedInOther = true;
    }
    if (!containedInOther) newest.push(candidate);
  }
  if (newest.length === 1) return { conflict: false as const, tree: (await readCommit(ctx, newest[0])).tree };
  return mergeBaseTree(ctx, args.target, args.change);
}
