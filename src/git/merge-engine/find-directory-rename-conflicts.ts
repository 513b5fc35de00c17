import type { MergeFacts } from './merge-types.js';

/**
 * The renames of one side that git's directory rename detection could turn into conflicts. Git infers
 * "directory A went to B" from a side's file renames out of A, but only for directories that side
 * removed and, in them or above them, the other side added a file directly. It then reports a conflict
 * (by default) for every file the other side added under A, and for a directory whose files went to
 * several places with no majority. Given every rename the side may have made (`possible`, source →
 * target), returns the renames that could take part in such a conflict.
 *
 * Used where the side's renames are not known exactly (otherwise `findDirectoryRenamesLikeGit` settles
 * them). Directory keys are taken as git's `update_dir_rename_counts` takes them (the source's directory, and
 * its parents while the trailing directory names of source and target agree), over-approximated: any
 * key that could count is counted.
 */
export function findDirectoryRenameConflicts(args: {
  facts: MergeFacts;
  side: 0 | 1;
  possible: [string, string][];
}): [string, string][] {
  const { facts, side, possible } = args;
  const own = facts.sides[side];
  const other = facts.sides[1 - side];
  const parent = (path: string) => path.slice(0, Math.max(path.lastIndexOf('/'), 0));
  const base = (path: string) => path.slice(path.lastIndexOf('/') + 1);
  const addedIn = new Set([...other.adds.keys()].map(parent));
  const triggers = [...own.removedDirs].filter((dir) => addedIn.has(dir));
  if (triggers.length === 0) return [];

  // Every base directory below a trigger is removed too (this side has nothing there), whether or not
  // the walk went in to see it.
  const counted = (dir: string) => triggers.some((t) => dir === t || dir.startsWith(`${t}/`));
  const otherAdds = [
    ...other.adds.keys(),
    ...other.subtrees.filter((s) => s.tree !== undefined).map((s) => s.path),
  ];
  const byKey = new Map<string, { targets: Set<string>; renames: [string, string][] }>();
  for (const rename of possible) {
    let from = parent(rename[0]);
    let to = parent(rename[1]);
    for (;;) {
      if (counted(from)) {
        let entry = byKey.get(from);
        if (!entry) byKey.set(from, (entry = { targets: new Set(), renames: [] }));
        entry.targets.add(to);
        entry.renames.push(rename);
      }
      if (from === '' || to === '' || base(from) !== base(to)) break;
      from = parent(from);
      to = parent(to);
    }
  }
  const conflicting: [string, string][] = [];
  for (const [dir, { targets, renames }] of byKey) {
    if (targets.size > 1 || otherAdds.some((path) => path.startsWith(`${dir}/`)))
      conflicting.push(...renames);
  }
  return conflicting;
}
