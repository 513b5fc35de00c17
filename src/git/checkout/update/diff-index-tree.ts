import { listTreeFiles, type TreeFile } from '../list-tree-files.js';
import { readCheckoutTree } from '../read-checkout-tree.js';
import { mapLimit } from '../map-limit.js';
import type { GitContext } from '../../git-context.js';
import type { IndexTreeDir, IndexTreeLeaf, IndexTreeNode } from '../../index-file/build-index-tree.js';

/** What turns a work tree holding exactly `from` into a checkout of the target tree. */
export interface TreeUpdatePlan {
  /** Files, symlinks and submodules of `from` to delete (a changed entry is deleted, then written). */
  removeLeaves: IndexTreeLeaf[];
  /** Directories of `from` to delete with everything in them. */
  removeDirs: IndexTreeDir[];
  /** Directories to create for new subtrees, parents before children (empty trees included). */
  directories: string[];
  /** Entries to write; their parent directories exist once `directories` and surviving ones are there. */
  write: TreeFile[];
  /** Regular files whose blob is unchanged but whose executable bit flips. */
  chmod: TreeFile[];
  /** Submodules that point at another commit: nothing changes on disk, only the index entry. */
  relink: TreeFile[];
}

const MODE_GITLINK = 0o160000;
const TREE_LIST_CONCURRENCY = 8;

/**
 * Diffs `from` (the tree a work tree holds, as built by `buildIndexTree`) against the tree `treeOid` of
 * the repository `ctx`, reading target trees with the shared cache and never descending into a subtree
 * whose id `from` already has. Reads only; the plan says what to remove, create and write.
 *
 * @throws when a tree is missing, or holds a name git would refuse to check out (see `readCheckoutTree`);
 *   nothing has been written then.
 */
export async function diffIndexTree(args: {
  ctx: GitContext;
  from: IndexTreeDir;
  treeOid: string;
}): Promise<TreeUpdatePlan> {
  const { ctx } = args;
  const plan: TreeUpdatePlan = {
    removeLeaves: [],
    removeDirs: [],
    directories: [],
    write: [],
    chmod: [],
    relink: [],
  };
  const newTrees: { path: string; oid: string }[] = [];

  const remove = (node: IndexTreeNode): void => {
    if (node.kind === 'dir') plan.removeDirs.push(node);
    else plan.removeLeaves.push(node);
  };

  const visit = async (from: IndexTreeDir, treeOid: string): Promise<void> => {
    if (from.oid === treeOid) return;
    const { tree } = await readCheckoutTree(ctx, treeOid);
    const targetNames = new Set<string>();
    for (const entry of tree) {
      targetNames.add(entry.path);
      const fullPath = from.path === '' ? entry.path : `${from.path}/${entry.path}`;
      const current = from.children.get(entry.path);
      if (entry.type === 'tree') {
        if (current?.kind === 'dir') {
          await visit(current, entry.oid);
          continue;
        }
        if (current) remove(current);
        newTrees.push({ path: fullPath, oid: entry.oid });
        continue;
      }
      const file: TreeFile = { path: fullPath, oid: entry.oid, mode: parseInt(entry.mode, 8) };
      if (current?.kind === 'leaf') {
        if (current.mode === file.mode && current.oid === file.oid) continue;
        if (current.oid === file.oid && isRegular(current.mode) && isRegular(file.mode)) {
          plan.chmod.push(file);
          continue;
        }
        if (current.mode === MODE_GITLINK && file.mode === MODE_GITLINK) {
          plan.relink.push(file);
          continue;
        }
      }
      if (current) remove(current);
      plan.write.push(file);
    }
    for (const [name, child] of from.children) {
      if (!targetNames.has(name)) remove(child);
    }
  };

  await visit(args.from, args.treeOid);

  const listings = await mapLimit(newTrees, TREE_LIST_CONCURRENCY, (tree) =>
    listTreeFiles({ ctx, treeOid: tree.oid }),
  );
  newTrees.forEach((tree, index) => {
    plan.directories.push(tree.path);
    for (const directory of listings[index].directories) plan.directories.push(`${tree.path}/${directory}`);
    for (const file of listings[index].files) plan.write.push({ ...file, path: `${tree.path}/${file.path}` });
  });
  return plan;
}

function isRegular(mode: number): boolean {
  return mode === 0o100644 || mode === 0o100755;
}
