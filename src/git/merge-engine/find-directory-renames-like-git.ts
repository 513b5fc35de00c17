import type { MergeConflict } from './merge-types.js';

/** One side's view, as merge-ort's directory rename detection needs it. */
export interface DirectoryRenameSide {
  /** Every rename git makes on this side (source → target): exact and inexact, relevant or not. */
  renames: Map<string, string>;
  /**
   * Directories this side removed in which the other side added a file directly (git's
   * `RELEVANT_FOR_SELF`). Every base directory below one of them is removed too (`RELEVANT_FOR_ANCESTOR`).
   */
  triggers: string[];
  /** Every path this side added (rename targets and plain additions, empty files included). */
  added: Iterable<string>;
}

/**
 * merge-ort's directory rename handling under `git merge-tree`'s default `merge.directoryRenames=conflict`,
 * given each side's exact renames. Git counts, for every rename out of a relevant removed directory, the
 * directory it went to (and the parents of both while their trailing names agree, for directories the
 * other side added to); a directory goes where the strict majority of its files went, and no majority is
 * a "directory rename split" conflict. A directory renamed on both sides is dropped from both. A path
 * the other side added (or renamed a file to) under a renamed directory is moved there, and under the
 * default setting that move is a "file location" conflict — or, where several paths or an existing file
 * meet at the new place, an "implicit dir rename" conflict. Git skips the move when the new directory is
 * itself one this side renamed (a warning only). Git also skips a path that the other side's files are
 * moved to; whether that happens depends on which of the other side's additions git visits, so such a
 * path is reported here too (a refusal where git may be clean).
 *
 * Returns the conflicts git's directory renames cause (reason "rename"; a moved path is named where git
 * moves it, a split by the directory); empty when they change nothing,
 * in which case git's tree is the one without directory renames. Inner merges of a criss-cross history
 * (virtual merge bases) do not detect directory renames at all: callers skip this there.
 */
export function findDirectoryRenamesLikeGit(
  sides: [DirectoryRenameSide, DirectoryRenameSide],
): MergeConflict[] {
  const conflicts: MergeConflict[] = [];
  const maps = sides.map((side) =>
    provisionalRenames(side, (dir) => conflicts.push({ path: dir, reason: 'rename' })),
  );
  // handle_directory_level_conflicts: renamed on both sides means renamed by neither.
  for (const dir of [...maps[0].keys()]) {
    if (maps[1].has(dir)) {
      maps[0].delete(dir);
      maps[1].delete(dir);
    }
  }
  for (const i of [0, 1] as const) {
    const theirs = maps[1 - i];
    const own = maps[i];
    if (theirs.size === 0) continue;
    for (const path of sides[i].added) {
      const dir = renamedAncestor(path, theirs);
      if (dir === undefined) continue;
      // Moving into a directory this side renamed away would undo this side's rename: git skips it.
      const to = theirs.get(dir)!;
      if (own.has(to)) continue;
      // Reported where git puts the file (or would have, had nothing been in the way).
      conflicts.push({
        path: to === '' ? path.slice(dir.length + 1) : `${to}${path.slice(dir.length)}`,
        reason: 'rename',
      });
    }
  }
  return conflicts;
}

/** dir_rename_count collapsed to dir_renames (get_provisional_directory_renames) for one side. */
function provisionalRenames(side: DirectoryRenameSide, split: (dir: string) => void): Map<string, string> {
  const self = new Set(side.triggers);
  const inRegion = (dir: string) => side.triggers.some((t) => dir === t || dir.startsWith(`${t}/`));
  const counts = new Map<string, Map<string, number>>();
  const count = (from: string, to: string) => {
    let byTarget = counts.get(from);
    if (!byTarget) counts.set(from, (byTarget = new Map()));
    byTarget.set(to, (byTarget.get(to) ?? 0) + 1);
  };
  for (const [source, target] of side.renames) {
    // update_dir_rename_counts: the source's directory, then both parents while the names just cut
    // off agree — but above the first level only for directories the other side added to.
    let from = dirname(source);
    let to = dirname(target);
    if (!inRegion(from)) continue;
    count(from, to);
    while (from !== '' && to !== '') {
      const same = basename(from) === basename(to);
      from = dirname(from);
      to = dirname(to);
      if (!inRegion(from) || !same) break;
      if (self.has(from)) count(from, to);
    }
  }
  const renamed = new Map<string, string>();
  for (const [from, byTarget] of counts) {
    const highest = Math.max(...byTarget.values());
    const best = [...byTarget].filter(([, n]) => n === highest);
    if (best.length > 1) split(from);
    else renamed.set(from, best[0][0]);
  }
  return renamed;
}

/** check_dir_renamed: the nearest directory above `path` that the map renames. */
function renamedAncestor(path: string, renamed: Map<string, string>): string | undefined {
  for (let dir = path; dir.includes('/');) {
    dir = dir.slice(0, dir.lastIndexOf('/'));
    if (renamed.has(dir)) return dir;
  }
  return undefined;
}

function dirname(path: string): string {
  return path.slice(0, Math.max(path.lastIndexOf('/'), 0));
}

function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}
