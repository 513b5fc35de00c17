import git from 'isomorphic-git';
import type { GitContext } from '../git-context.js';
import { collectRenameCandidates } from './collect-rename-candidates.js';
import { entryAtPath } from './entry-at-path.js';
import { findInexactRenames } from './find-inexact-renames.js';
import { listTreeChanges } from './list-tree-changes.js';
import { MODE, type EntryTriple, type MergeConflict, type MergeFacts, type TreeEntry } from './merge-types.js';
import { pairExactRenames } from './pair-exact-renames.js';
import type { RenameCandidates } from './rename-types.js';

/**
 * Decides what merge-ort's rename detection would change in the path-wise merge the walk did, from the
 * facts the walk recorded. Returns renames to follow (as replaced versions of paths: the source path
 * emptied, the target path merged from the base source, the renamed file and the other side's edit of
 * the source), and "rename" conflicts where git's outcome depends on renames specgate cannot settle.
 *
 * Git only looks for renames of a side's deleted files when the other side touched them ("relevant"
 * sources) or when the other side added files inside a directory this side removed (directory renames).
 * Followed: a relevant source with a certain target (same content, or clearly similar with no rival),
 * the other side having edited the source in place and nothing being in the way. Reported as conflicts:
 * ambiguous or borderline pairings, renames against a deletion, both sides renaming differently,
 * renames colliding with the other side's file, and any rename out of a directory where the other side
 * added files (git then reports a directory rename conflict or moves the file).
 */
export async function planRenames(args: {
  ctx: GitContext;
  facts: MergeFacts;
  roots: [string | undefined, string, string];
}): Promise<{ conflicts: MergeConflict[]; overrides: Map<string, EntryTriple> }> {
  const { ctx, facts, roots } = args;
  const conflicts: MergeConflict[] = [];
  const overrides = new Map<string, EntryTriple>();
  const removedDirs = ([0, 1] as const).map((side) => dirsWithAddsFromOtherSide(facts, side));
  const matched = { adds: new Map<string, TreeEntry>(), deletes: new Map<string, TreeEntry>() };
  for (const m of facts.matched) {
    const changes = await listTreeChanges({ ctx, base: m.base, side: m.tree, prefix: m.path });
    changes.adds.forEach((entry, path) => matched.adds.set(path, entry));
    changes.deletes.forEach((entry, path) => matched.deletes.set(path, entry));
  }
  const detects = ([0, 1] as const).map(
    (side) =>
      [...facts.sides[side].deletes.values()].some((d) => d.relevant) || matched.deletes.size > 0 || removedDirs[side].length > 0,
  );
  if (!detects[0] && !detects[1]) return { conflicts, overrides };

  const blobs = new Map<string, Promise<Uint8Array>>();
  const readBlob = (oid: string) => {
    let blob = blobs.get(oid);
    if (!blob) blobs.set(oid, (blob = git.readBlob({ fs: ctx.fs, gitdir: ctx.gitdir, oid, cache: ctx.cache }).then((r) => r.blob)));
    return blob;
  };
  const entryAt = (root: string | undefined, path: string) => entryAtPath({ ctx, root, path });
  const conflict = (path: string) => conflicts.push({ path, reason: 'rename' });
  const candidates: (RenameCandidates | undefined)[] = [undefined, undefined];
  const renames = [new Map<string, string>(), new Map<string, string>()];

  for (const side of [0, 1] as const) {
    if (!detects[side]) continue;
    const c = await collectRenameCandidates({ ctx, facts, side, matched, removedDirs: removedDirs[side] });
    candidates[side] = c;
    const exact = pairExactRenames(c);
    const inAmbiguousGroup = new Set(exact.ambiguous.flatMap((g) => g.sources));
    for (const g of exact.ambiguous) {
      for (const source of g.sources) {
        const info = c.sources.get(source)!;
        if (info.relevant || info.underRemovedDir) conflict(source);
      }
      for (const target of g.targets) {
        const other = await entryAt(roots[2 - side], target);
        if (other && other.mode !== MODE.tree && !same(other, c.targets.get(target)!)) conflict(target);
      }
    }
    const remaining = new Map([...c.targets].filter(([path]) => !exact.consumed.has(path)));
    const inexact = await findInexactRenames({
      candidates: [...c.sources]
        .filter(([path, s]) => (s.relevant || s.underRemovedDir) && !exact.pairs.has(path) && !inAmbiguousGroup.has(path))
        .map(([path]) => path),
      sources: c.sources,
      targets: remaining,
      uncertainTargets: exact.uncertainTargets,
      readBlob,
    });
    inexact.doubtful.forEach(conflict);
    renames[side] = new Map([...exact.pairs, ...inexact.pairs]);
  }

  for (const side of [0, 1] as const) {
    const c = candidates[side];
    if (!c) continue;
    for (const [source, target] of renames[side]) {
      const info = c.sources.get(source)!;
      const renamed = c.targets.get(target)!;
      if (info.underRemovedDir) {
        conflict(source);
        continue;
      }
      const otherAtTarget = await entryAt(roots[2 - side], target);
      if (!info.relevant) {
        // Harmless unless the other side has a different file at the target: git then merges that file
        // against the renamed one's base instead of reporting add/add.
        if (otherAtTarget && otherAtTarget.mode !== MODE.tree && !same(otherAtTarget, renamed)) conflict(target);
        continue;
      }
      const otherAtSource = await entryAt(roots[2 - side], source);
      if (!otherAtSource || otherAtSource.mode === MODE.tree) {
        // Both sides dropped the source: clean only when both renamed it to the very same file.
        const theirTarget = candidates[1 - side]?.targets.get(target);
        if (!(renames[1 - side].get(source) === target && theirTarget && same(theirTarget, renamed))) conflict(source);
        continue;
      }
      const inTheWay = (await entryAt(roots[1 + side], source)) ?? (await entryAt(roots[0], target)) ?? otherAtTarget;
      if (inTheWay || (otherAtSource.mode & 0o170000) !== (renamed.mode & 0o170000)) {
        conflict(source);
        continue;
      }
      overrides.set(source, [undefined, undefined, undefined]);
      overrides.set(target, side === 0 ? [info.entry, renamed, otherAtSource] : [info.entry, otherAtSource, renamed]);
    }
  }
  return { conflicts, overrides };
}

/**
 * Directories side `side` removed in which the other side added files: there git's directory rename
 * detection may move (and, by default, conflict on) the added files.
 */
function dirsWithAddsFromOtherSide(facts: MergeFacts, side: 0 | 1): string[] {
  const other = facts.sides[1 - side];
  const addedUnder = new Set<string>();
  const addAncestors = (path: string) => {
    for (let cut = path.lastIndexOf('/'); cut > 0; cut = path.lastIndexOf('/', cut - 1)) addedUnder.add(path.slice(0, cut));
  };
  other.adds.forEach((_, path) => addAncestors(path));
  other.subtrees.filter((s) => s.tree !== undefined).forEach((s) => addAncestors(s.path));
  return [...facts.sides[side].removedDirs].filter((dir) => addedUnder.has(dir));
}

function same(x: TreeEntry, y: TreeEntry): boolean {
  return x.mode === y.mode && x.oid === y.oid;
}
