import git from 'isomorphic-git';
import { mergeTrees, type MergeTreesResult } from '../../../../../src/git/merge-engine/merge-trees.js';
import { gitMergeTree } from './git-merge-tree.js';
import { importTrees } from './import-trees.js';
import type { Sandbox } from './sandbox.js';
import type { TreeSpec } from './tree-spec.js';

/** specgate's answer and git's for the same merge. */
export interface MergeComparison {
  ours: MergeTreesResult;
  git: { clean: boolean; tree: string; output: string };
}

/**
 * Commits the three trees, merges them with `mergeTrees` and with `git merge-tree --write-tree`. A clean
 * result of ours is first checked to be complete in the object database (before git writes anything
 * that could hide a missing object).
 */
export async function compareMerge(
  sandbox: Sandbox,
  trees: { base?: TreeSpec; ours: TreeSpec; theirs: TreeSpec },
): Promise<MergeComparison> {
  const imported = await importTrees(sandbox, trees);
  const ours = await mergeTrees({
    ctx: sandbox.ctx,
    base: imported.base?.tree,
    ours: imported.ours.tree,
    theirs: imported.theirs.tree,
  });
  if (ours.clean) await assertComplete(sandbox, ours.treeOid);
  const result = gitMergeTree(sandbox, imported.ours.commit, imported.theirs.commit, !imported.base);
  return { ours, git: result };
}

async function assertComplete(sandbox: Sandbox, tree: string): Promise<void> {
  const { ctx } = sandbox;
  const { tree: entries } = await git.readTree({ fs: ctx.fs, gitdir: ctx.gitdir, oid: tree });
  await Promise.all(
    entries.map(async (entry) => {
      if (entry.type === 'tree') await assertComplete(sandbox, entry.oid);
      else if (entry.type === 'blob') await git.readBlob({ fs: ctx.fs, gitdir: ctx.gitdir, oid: entry.oid });
    }),
  );
}
