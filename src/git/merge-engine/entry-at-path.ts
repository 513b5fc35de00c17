import type { GitContext } from '../git-context.js';
import { MODE, type TreeEntry } from './merge-types.js';
import { readTreeEntries } from './read-tree-entries.js';

/** The entry at `path` (binary string, `/`-separated) in tree `root`, if there is one. */
export async function entryAtPath(args: {
  ctx: GitContext;
  root: string | undefined;
  path: string;
}): Promise<TreeEntry | undefined> {
  let entry: TreeEntry | undefined =
    args.root === undefined ? undefined : { mode: MODE.tree, oid: args.root };
  for (const name of args.path.split('/')) {
    if (!entry || entry.mode !== MODE.tree) return undefined;
    entry = (await readTreeEntries({ ctx: args.ctx, oid: entry.oid })).get(name);
  }
  return entry;
}
