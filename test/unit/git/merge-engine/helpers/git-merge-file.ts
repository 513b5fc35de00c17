import { gitMergeTree } from './git-merge-tree.js';
import { importTrees } from './import-trees.js';
import type { Sandbox } from './sandbox.js';
import { file } from './tree-spec.js';

/**
 * What git's merge-ort makes of one file: commits it as `f` in three trees and runs
 * `git merge-tree --write-tree`. Returns the merged bytes, or undefined when git reports a conflict.
 * An undefined `base` means the file is new on both sides (add/add).
 */
export async function gitMergeFile(
  sandbox: Sandbox,
  base: Uint8Array | undefined,
  ours: Uint8Array,
  theirs: Uint8Array,
): Promise<Buffer | undefined> {
  const other = { 'other.txt': file('keeps the base tree non-empty\n') };
  const imported = await importTrees(sandbox, {
    base: base === undefined ? other : { ...other, f: file(base) },
    ours: { ...other, f: file(ours) },
    theirs: { ...other, f: file(theirs) },
  });
  const result = gitMergeTree(sandbox, imported.ours.commit, imported.theirs.commit, false);
  if (!result.clean) return undefined;
  const blob = sandbox.git(['cat-file', 'blob', `${result.tree}:f`]);
  return Buffer.from(blob.stdout, 'latin1');
}
