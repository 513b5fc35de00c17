import type { GitContext } from '../git-context.js';
import { readObject } from '../object-database/read-object.js';
import { collectRenameCandidates } from './collect-rename-candidates.js';
import { entryAtPath } from './entry-at-path.js';
import { findDirectoryRenameConflicts } from './find-directory-rename-conflicts.js';
import { findDirectoryRenamesLikeGit } from './find-directory-renames-like-git.js';
import { findInexactRenames } from './find-inexact-renames.js';
import { listTreeChanges } from './list-tree-changes.js';
import { matchRenamesLikeGit } from './match-renames-like-git.js';
import {
  MODE,
  type EntryTriple,
  type MergeConflict,
  type MergeFacts,
  type TreeEntry,
} from './merge-types.js';
import { pairExactRenames } from './pair-exact-renames.js';
import type { RenameCandidates, RenameSource } from './rename-types.js';

/** specgate's bound on similarity comparisons per side, far above what real merges need, below git's 7000². */
const MAX_COMPARISONS = 4_000_000;

/**
 * Decides what merge-ort's rename detection would change in the path-wise merge the walk did, from the
 * facts the walk recorded. Returns renames to follow (as replaced file versions: the source path
 * emptied; the target path merged from the base's source, the renamed file and the other side's version
 * of the source), and "rename" conflicts where git's outcome depends on renames specgate cannot settle.
 *
 * Git looks for renames of a side's deleted files only when the other side touched them ("relevant"
 * sources) or added files in a directory this side removed (directory renames). Followed: a relevant
 * source with a certain target (same content, or clearly similar with no rival) that the other side
 * edited in place, or that both sides renamed to the same path, with nothing in the way. Conflicts:
 * ambiguous or borderline pairings of relevant sources, a rename against a deletion or against another
 * rename, a rename colliding with the other side's file, and git's directory renames: settled exactly
 * where both sides' renames are known (`findDirectoryRenamesLikeGit`), over-approximated otherwise.
 */
export async function planRenames(args: {
  ctx: GitContext;
  facts: MergeFacts;
  roots: [string | undefined, string, string];
  /**
   * Apply directory renames (true: `git merge-tree`'s `merge.directoryRenames=conflict`). Inner merges of
   * virtual merge bases (merge-ort's call_depth > 0) do not: pass false there.
   */
  directoryRenames?: boolean;
}): Promise<{
  conflicts: MergeConflict[];
  overrides: Map<string, EntryTriple>;
  renamePaths: Map<string, [string, string, string]>;
}> {
  const { ctx, facts, roots } = args;
  const directoryRenames = args.directoryRenames ?? true;
  const conflicts: MergeConflict[] = [];
  const overrides = new Map<string, EntryTriple>();
  // Where each version of a target followed from one side's rename came from (git's conflict labels).
  const renamePaths = new Map<string, [string, string, string]>();
  const matched = { adds: new Map<string, TreeEntry>(), deletes: new Map<string, TreeEntry>() };
  for (const m of facts.matched) {
    const changes = await listTreeChanges({ ctx, base: m.base, side: m.tree, prefix: m.path });
    changes.adds.forEach((entry, path) => matched.adds.set(path, entry));
    changes.deletes.forEach((entry, path) => matched.deletes.set(path, entry));
  }
  // Sources there matter for their location even in inner merges, which do not apply directory renames.
  const triggers = ([0, 1] as const).map((side) => dirsWithAddsFromOtherSide(facts, side));
  const detects = ([0, 1] as const).map(
    (side) =>
      [...facts.sides[side].deletes.values()].some((d) => d.relevant) ||
      matched.deletes.size > 0 ||
      triggers[side].length > 0,
  );
  if (!detects[0] && !detects[1]) return { conflicts, overrides, renamePaths };

  const blobs = new Map<string, Promise<Uint8Array>>();
  const readBlob = (oid: string) => {
    let blob = blobs.get(oid);
    if (!blob)
      blobs.set(
        oid,
        (blob = readObject(ctx, oid).then(
          (object) =>
            new Uint8Array(object.content.buffer, object.content.byteOffset, object.content.byteLength),
        )),
      );
    return blob;
  };
  const entryAt = (root: string | undefined, path: string) => entryAtPath({ ctx, root, path });
  const conflict = (...paths: string[]) =>
    paths.forEach((path) => conflicts.push({ path, reason: 'rename' }));
  const candidates: (RenameCandidates | undefined)[] = [undefined, undefined];
  const renames = [new Map<string, string>(), new Map<string, string>()];
  // Per side: the renames git makes are known exactly (directory renames can then be settled), and
  // the renames that could feed a directory rename otherwise.
  const exactSides = [true, true];
  const possibleBySide: [string, string][][] = [[], []];

  for (const side of [0, 1] as const) {
    if (!detects[side]) continue;
    const c = await collectRenameCandidates({ ctx, facts, side, matched, removedDirs: triggers[side] });
    candidates[side] = c;
    const contentRelevant = (path: string) => c.sources.get(path)!.relevant;
    // Directories only this side changed: merge-ort walks them after the rest, in an unknown order —
    // except below a directory where directory renames are in play, which it walks in path order.
    const underTrigger = (path: string) => triggers[side].some((t) => path === t || path.startsWith(`${t}/`));
    const deferred = facts.sides[side].subtrees
      .filter((s) => !s.inPlace && !underTrigger(s.path))
      .map((s) => `${s.path}/`);
    const region = (path: string) => deferred.find((dir) => path.startsWith(dir));
    const exact = pairExactRenames(c, region);
    const possible: [string, string][] = [...exact.pairs];
    const inAmbiguousGroup = new Set(exact.ambiguous.flatMap((g) => g.sources));
    for (const g of exact.ambiguous) {
      possible.push(...g.sources.flatMap((s) => g.targets.map((t): [string, string] => [s, t])));
      let matters = g.sources.some(contentRelevant);
      for (const target of g.targets) {
        const other = await entryAt(roots[2 - side], target);
        if (other && other.mode !== MODE.tree && !same(other, c.targets.get(target)!)) matters = true;
      }
      if (matters) conflict(...g.sources, ...g.targets);
    }
    const remainingTargets = new Map([...c.targets].filter(([path]) => !exact.consumed.has(path)));
    // Git's own pairing. Its relevant sources: those the other side changed, and those whose location
    // matters for a directory rename (below a directory this side removed and the other side added to).
    // Git drops some of the latter before its similarity matrix, once the directories' majorities are
    // settled (handle_early_known_dir_renames). So git's pairs are known only where they come out the
    // same whether all of those take part or none does, and none of them is paired.
    const unpaired = [...c.sources].filter(([path]) => !exact.pairs.has(path));
    const locationOnly = new Set(
      unpaired.filter(([, s]) => s.underRemovedDir && !s.relevant).map(([path]) => path),
    );
    const match = (withLocation: boolean) =>
      matchRenamesLikeGit({
        sources: new Map(
          unpaired.map(([path, s]): [string, RenameSource] => [
            path,
            { ...s, relevant: s.relevant || (withLocation && s.underRemovedDir) },
          ]),
        ),
        targets: remainingTargets,
        exactPairs: exact.pairs,
        dirRemoved: async (dir) => dir !== '' && (await entryAt(roots[1 + side], dir))?.mode !== MODE.tree,
        directoryRenames: triggers[side].length > 0,
        region,
        readBlob,
        maxComparisons: MAX_COMPARISONS,
      });
    let asGit = exact.ambiguous.length === 0 ? await match(true) : undefined;
    if (asGit && 'pairs' in asGit && locationOnly.size > 0) {
      const without = await match(false);
      const pairs = asGit.pairs;
      const agree =
        'pairs' in without &&
        ![...pairs.keys()].some((path) => locationOnly.has(path)) &&
        without.pairs.size === pairs.size &&
        [...without.pairs].every(([source, target]) => pairs.get(source) === target);
      if (!agree) asGit = undefined;
    }
    const inexact =
      asGit && 'pairs' in asGit
        ? { pairs: asGit.pairs, doubtful: [] as [string, string][], overflow: false }
        : await findInexactRenames({
            candidates: [...c.sources]
              .filter(
                ([path, s]) =>
                  (s.relevant || s.underRemovedDir) && !exact.pairs.has(path) && !inAmbiguousGroup.has(path),
              )
              .map(([path]) => path),
            sources: c.sources,
            targets: remainingTargets,
            uncertainTargets: exact.uncertainTargets,
            readBlob,
          });
    if (inexact.overflow)
      conflict(...[...c.sources].filter(([, s]) => s.relevant || s.underRemovedDir).map(([path]) => path));
    for (const [source, target] of inexact.doubtful) if (contentRelevant(source)) conflict(source, target);
    possible.push(...inexact.pairs, ...inexact.doubtful);
    possibleBySide[side] = possible;
    exactSides[side] = asGit !== undefined && 'pairs' in asGit;
    renames[side] = new Map([...exact.pairs, ...inexact.pairs]);
  }

  if (directoryRenames && (triggers[0].length > 0 || triggers[1].length > 0)) {
    if (exactSides[0] && exactSides[1]) {
      // Every rename git makes is known: settle its directory renames as it does.
      const added = await Promise.all(
        ([0, 1] as const).map(
          async (side) =>
            (
              candidates[side] ??
              (await collectRenameCandidates({ ctx, facts, side, matched, removedDirs: [] }))
            ).added,
        ),
      );
      const sides = ([0, 1] as const).map((side) => ({
        renames: renames[side],
        triggers: triggers[side],
        added: added[side],
      }));
      for (const c of findDirectoryRenamesLikeGit([sides[0], sides[1]])) conflicts.push(c);
    } else {
      for (const side of [0, 1] as const) {
        for (const [source, target] of findDirectoryRenameConflicts({
          facts,
          side,
          possible: possibleBySide[side],
        }))
          conflict(source, target);
      }
    }
  }

  for (const side of [0, 1] as const) {
    const c = candidates[side];
    if (!c) continue;
    for (const [source, target] of renames[side]) {
      const info = c.sources.get(source)!;
      const renamed = c.targets.get(target)!;
      const otherAtTarget = await entryAt(roots[2 - side], target);
      if (!info.relevant) {
        // Harmless unless the other side has a different file at the target: git then merges that file
        // against the renamed one's base instead of reporting add/add.
        if (otherAtTarget && otherAtTarget.mode !== MODE.tree && !same(otherAtTarget, renamed))
          conflict(source, target);
        continue;
      }
      const otherAtSource = await entryAt(roots[2 - side], source);
      if (!otherAtSource || otherAtSource.mode === MODE.tree) {
        // Both sides dropped the source: git merges the two only when both renamed it to the same path
        // (rename/rename 1to1, with the source as base); anything else is a rename conflict in git too.
        const theirTarget = candidates[1 - side]?.targets.get(target);
        if (renames[1 - side].get(source) !== target || !theirTarget || (await entryAt(roots[0], target))) {
          conflict(source, target);
          continue;
        }
        overrides.set(source, [undefined, undefined, undefined]);
        overrides.set(
          target,
          side === 0 ? [info.entry, renamed, theirTarget] : [info.entry, theirTarget, renamed],
        );
        continue;
      }
      // This side may have put a directory where the source was; nothing else may be at either path.
      const sourceNow = await entryAt(roots[1 + side], source);
      const inTheWay =
        (sourceNow && sourceNow.mode !== MODE.tree) || (await entryAt(roots[0], target)) || otherAtTarget;
      if (inTheWay || (otherAtSource.mode & 0o170000) !== (renamed.mode & 0o170000)) {
        conflict(source, target);
        continue;
      }
      overrides.set(source, [undefined, undefined, undefined]);
      overrides.set(
        target,
        side === 0 ? [info.entry, renamed, otherAtSource] : [info.entry, otherAtSource, renamed],
      );
      renamePaths.set(target, side === 0 ? [source, target, source] : [source, source, target]);
    }
  }
  return { conflicts, overrides, renamePaths };
}

/**
 * Directories side `side` removed in which the other side added a file directly: there (and below)
 * git looks for where the directory went, so the files there are rename candidates too.
 */
function dirsWithAddsFromOtherSide(facts: MergeFacts, side: 0 | 1): string[] {
  const addedIn = new Set(
    [...facts.sides[1 - side].adds.keys()].map((path) => path.slice(0, Math.max(path.lastIndexOf('/'), 0))),
  );
  return [...facts.sides[side].removedDirs].filter((dir) => addedIn.has(dir));
}

function same(x: TreeEntry, y: TreeEntry): boolean {
  return x.mode === y.mode && x.oid === y.oid;
}
