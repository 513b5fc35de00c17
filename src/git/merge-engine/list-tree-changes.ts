import type { GitContext } from '../git-context.js';
import { MODE, type Tree, type TreeEntry } from './merge-types.js';
import { readTreeEntries } from './read-tree-entries.js';

/**
 * The files added and deleted between trees `base` and `side` (ids; either may be absent), with paths
 * under `prefix`. A file replaced by a directory counts as deleted, and the directory's files as added,
 * as in git's rename detection. Descends only into subtrees whose ids differ.
 */
export async function listTreeChanges(args: {
  ctx: GitContext;
  base?: string;
  side?: string;
  prefix: string;
}): Promise<{ adds: Map<string, TreeEntry>; deletes: Map<string, TreeEntry> }> {
  const changes = { adds: new Map<string, TreeEntry>(), deletes: new Map<string, TreeEntry>() };
  await visit(args.ctx, args.base, args.side, args.prefix, changes);
  return changes;
}

const EMPTY_TREE: Tree = new Map();

async function visit(
  ctx: GitContext,
  base: string | undefined,
  side: string | undefined,
  prefix: string,
  changes: { adds: Map<string, TreeEntry>; deletes: Map<string, TreeEntry> },
): Promise<void> {
  if (base === side) return;
  const [bt, st] = await Promise.all(
    [base, side].map((oid) => (oid ? readTreeEntries({ ctx, oid }) : EMPTY_TREE)),
  );
  const names = [...new Set([...bt.keys(), ...st.keys()])];
  await Promise.all(
    names.map(async (name) => {
      const b = bt.get(name);
      const s = st.get(name);
      if (b && s && b.mode === s.mode && b.oid === s.oid) return;
      const path = prefix ? `${prefix}/${name}` : name;
      const isFile = (e?: TreeEntry) => e !== undefined && e.mode !== MODE.tree;
      if (isFile(b) && !isFile(s)) changes.deletes.set(path, b!);
      if (!isFile(b) && isFile(s)) changes.adds.set(path, s!);
      const bTree = b?.mode === MODE.tree ? b.oid : undefined;
      const sTree = s?.mode === MODE.tree ? s.oid : undefined;
      if (bTree || sTree) await visit(ctx, bTree, sTree, path, changes);
    }),
  );
}
