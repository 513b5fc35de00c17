import type { GitContext } from '../git-context.js';
import { listTreeChanges } from './list-tree-changes.js';
import type { MergeFacts, TreeEntry } from './merge-types.js';
import type { RenameCandidates, RenameSource } from './rename-types.js';

/** Git never pairs empty files in rename detection (`rename_empty` is off for merges). */
const EMPTY_BLOB = 'e69de29bb2d1d6434b8b29ae775ad8c2e48c5391';

/**
 * Every file side `side` (0 ours, 1 theirs) deleted and added relative to the base, as git's rename
 * detection sees them: what the walk visited, plus the insides of the subtrees it took whole (changed on
 * this side only: sources there are irrelevant; changed identically on both sides: given in `matched`).
 * Empty files are left out of the targets, as git leaves them out, but listed in `added`.
 */
export async function collectRenameCandidates(args: {
  ctx: GitContext;
  facts: MergeFacts;
  side: 0 | 1;
  matched: { adds: Map<string, TreeEntry>; deletes: Map<string, TreeEntry> };
  removedDirs: string[];
}): Promise<RenameCandidates> {
  const { ctx, facts, side, matched, removedDirs } = args;
  const own = facts.sides[side];
  const sources = new Map<string, RenameSource>();
  const targets = new Map<string, TreeEntry>();
  const added = new Set<string>();
  const addSource = (path: string, entry: TreeEntry, relevant: boolean) => {
    if (entry.oid === EMPTY_BLOB) return;
    const underRemovedDir = removedDirs.some((dir) => path.startsWith(`${dir}/`));
    sources.set(path, { entry, relevant, underRemovedDir });
  };
  const addTarget = (path: string, entry: TreeEntry) => {
    added.add(path);
    if (entry.oid !== EMPTY_BLOB) targets.set(path, entry);
  };

  for (const [path, { entry, relevant }] of own.deletes) addSource(path, entry, relevant);
  for (const [path, entry] of own.adds) addTarget(path, entry);
  for (const [path, entry] of matched.deletes) addSource(path, entry, true);
  for (const [path, entry] of matched.adds) addTarget(path, entry);
  const inside = await Promise.all(
    own.subtrees.map((s) => listTreeChanges({ ctx, base: s.base, side: s.tree, prefix: s.path })),
  );
  for (const changes of inside) {
    for (const [path, entry] of changes.deletes) addSource(path, entry, false);
    for (const [path, entry] of changes.adds) addTarget(path, entry);
  }
  return { sources, targets, added };
}
