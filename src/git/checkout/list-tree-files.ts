import type { GitContext } from '../git-context.js';
import { mapLimit } from './map-limit.js';
import { readCheckoutTree } from './read-checkout-tree.js';

/** One non-directory entry of a tree, with its full path. */
export interface TreeFile {
  /** `/`-separated path from the root of the tree. */
  path: string;
  oid: string;
  /** git mode as a number: 0o100644, 0o100755, 0o120000 or 0o160000. */
  mode: number;
}

/** Trees read at once; reads are independent, and loose trees each cost a file read and an inflate. */
const TREE_READ_CONCURRENCY = 16;

/**
 * Lists everything tree `treeOid` holds, recursively: every directory (parents before their children) and
 * every blob, symlink and gitlink. Trees are read level by level with the run's object reader, so the
 * whole listing costs one read per tree.
 *
 * @throws an Error naming the entry when a name could escape the checkout or overwrite its `.git` (see
 *   `readCheckoutTree`).
 */
export async function listTreeFiles(args: {
  ctx: GitContext;
  treeOid: string;
}): Promise<{ directories: string[]; files: TreeFile[] }> {
  const { ctx } = args;
  const directories: string[] = [];
  const files: TreeFile[] = [];
  let level: { path: string; oid: string }[] = [{ path: '', oid: args.treeOid }];
  while (level.length > 0) {
    const trees = await mapLimit(level, TREE_READ_CONCURRENCY, (tree) => readCheckoutTree(ctx, tree.oid));
    const nextLevel: { path: string; oid: string }[] = [];
    level.forEach((parent, index) => {
      for (const entry of trees[index].tree) {
        const fullPath = parent.path === '' ? entry.path : `${parent.path}/${entry.path}`;
        if (entry.type === 'tree') {
          directories.push(fullPath);
          nextLevel.push({ path: fullPath, oid: entry.oid });
        } else {
          files.push({ path: fullPath, oid: entry.oid, mode: parseInt(entry.mode, 8) });
        }
      }
    });
    level = nextLevel;
  }
  return { directories, files };
}
