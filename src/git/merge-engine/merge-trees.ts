import type { GitContext } from '../git-context.js';
import { hashObject } from './hash-object.js';
import type { MergeConflict, MergeState } from './merge-types.js';
import { planRenames } from './plan-renames.js';
import { readTreeEntries } from './read-tree-entries.js';
import { walkMerge } from './walk-merge.js';
import { writeMergeObjects } from './write-merge-objects.js';

/** A clean merge's tree, or the paths that conflict and why. */
export type MergeTreesResult =
  { clean: true; treeOid: string } | { clean: false; conflicts: { path: string; reason: string }[] };

/**
 * Three-way merge of trees `ours` and `theirs` with common ancestor tree `base` (undefined: the empty
 * tree, for unrelated histories), with the semantics of git's merge-ort under its default configuration:
 * a clean result is exactly the tree `git merge-tree --write-tree` writes, and where git reports a
 * conflict this reports one too. Merged blobs and trees are written to the object database, and only
 * when the merge is clean.
 *
 * Conflict reasons: "content", "add/add", "modify/delete", "file/directory", "mode", "binary",
 * "symlink", "submodule" (a file and a symlink, or anything and a submodule, at one path report
 * "symlink" or "submodule"), and "rename".
 *
 * Subtrees whose ids decide the result are taken whole, never read. The one place this looks inside such
 * a subtree is where both sides changed it identically and renames may be in play, because files both
 * sides deleted there can still be rename sources for git.
 *
 * Renames: git detects them and merges one side's edit into the other side's renamed file. This pairs
 * files as merge-ort does (exact renames, then same basenames at 75%, then the best pairs at git's 50%
 * score, computed as git computes it, within `merge.renameLimit`) wherever git's walk order and set of
 * compared files are known, and follows a rename the other side edited in place (or renamed to the
 * same path). Where the outcome hinges on a rename that cannot be settled with certainty it reports
 * "rename" rather than guess, and knowingly does so in some cases git merges cleanly:
 *
 * - the target is uncertain: identical files or equal scores whose pairing depends on the order git
 *   walks directories only one side changed, a score that differs between git versions (a last line
 *   without newline) or attributes (CRs), or more than 4,000,000 comparisons on a side;
 * - the other side has a file at the target (git's rename/add), or changed the file's type, or the base
 *   has a directory at the target;
 * - the rename may feed git's directory rename detection (the other side added files in a directory
 *   this side removed) and which files git renames there is not known exactly.
 *
 * Directory renames: where every rename of both sides is known, they are settled as merge-ort settles
 * them under `git merge-tree`'s default `merge.directoryRenames=conflict` (majority wins, no majority is
 * a conflict, a directory renamed on both sides is renamed by neither): a path git would move into a
 * renamed directory is a "rename" conflict named at its new place, as git conflicts there too (except
 * where git may skip the move because the other side's files land on that path: refused). The clean
 * merges that remain are exactly the ones git writes without moving anything.
 *
 * With `depth` above 0 this is a merge of merge bases (merge-ort's call_depth), made for a criss-cross
 * merge's virtual base: git resolves every conflict there (conflict markers, the base's version, ours'
 * mode; see mergeFileEntries; a file in a directory's way moved aside to `path~Temporary merge branch N`,
 * see walkMerge), and so does this; "clean" then means the tree git would write was made, and conflicts
 * list what specgate cannot resolve as git would (renames it is unsure of), for which callers must
 * refuse the merge.
 *
 * Not modelled (git's defaults assumed): `merge.conflictStyle=diff3`/`zdiff3` (can turn some clean merges
 * into conflicts), `merge.renormalize`, `merge.directoryRenames` other than `conflict`, `merge.renameLimit` other than 7000,
 * attributes in `$GIT_DIR/info/attributes` or `core.attributesFile`, and fast-forwarding a submodule
 * whose repository is checked out (reported as a "submodule" conflict).
 */
export async function mergeTrees(args: {
  ctx: GitContext;
  base?: string;
  ours: string;
  theirs: string;
  depth?: number;
}): Promise<MergeTreesResult> {
  const { ctx, base, ours, theirs, depth = 0 } = args;
  if (ours === theirs || base === theirs) return { clean: true, treeOid: await checkedTree(ctx, ours) };
  if (base === ours) return { clean: true, treeOid: await checkedTree(ctx, theirs) };

  const first = newState(ctx, {
    depth,
    facts: { sides: [emptySideFacts(), emptySideFacts()], matched: [] },
  });
  let root = await walkMerge({ state: first, path: '', base, ours, theirs });
  const plan = await planRenames({
    ctx,
    facts: first.facts!,
    roots: [base, ours, theirs],
    // merge-ort detects no directory renames in the inner merges of a virtual merge base.
    directoryRenames: depth === 0,
  });
  let state = first;
  if (plan.conflicts.length === 0 && plan.overrides.size > 0) {
    state = newState(ctx, {
      depth,
      overrides: plan.overrides,
      forced: ancestors(plan.overrides.keys()),
      renamePaths: plan.renamePaths,
      contentMerges: first.contentMerges,
    });
    root = await walkMerge({ state, path: '', base, ours, theirs });
  }
  // A path with a rename conflict, or one a followed rename rewrites, conflicts for that reason only;
  // what the first, rename-blind walk said there is moot.
  // So is a file/directory conflict on a directory holding such a path: the rename may empty it.
  const moot = new Set(
    state === first ? [...plan.conflicts.map((c) => c.path), ...plan.overrides.keys()] : [],
  );
  const mootDirs = ancestors(moot);
  const conflicts = [
    ...state.conflicts.filter(
      (c) => !moot.has(c.path) && !(c.reason === 'file/directory' && mootDirs.has(c.path)),
    ),
    ...plan.conflicts,
  ];
  if (conflicts.length > 0) return { clean: false, conflicts: forDisplay(conflicts) };

  // Nothing left at all is a valid merge: the empty tree.
  const treeOid = root?.oid ?? hashObject('tree', new Uint8Array(0));
  if (!root) state.objects.set(treeOid, { type: 'tree', content: new Uint8Array(0) });
  await writeMergeObjects({ ctx, objects: state.objects });
  return { clean: true, treeOid };
}

function newState(ctx: GitContext, extra: Partial<MergeState>): MergeState {
  return { ctx, conflicts: [], objects: new Map(), contentMerges: new Map(), ...extra };
}

function emptySideFacts() {
  return { adds: new Map(), deletes: new Map(), removedDirs: new Set<string>(), subtrees: [] };
}

/** Every directory on the way to one of `paths` (the root, '', included): what the second walk must enter. */
function ancestors(paths: Iterable<string>): Set<string> {
  const dirs = new Set<string>(['']);
  for (const path of paths) {
    for (let cut = path.indexOf('/'); cut !== -1; cut = path.indexOf('/', cut + 1))
      dirs.add(path.slice(0, cut));
  }
  return dirs;
}

/** The id of a tree the caller passed through unchanged, after making sure it is one. */
async function checkedTree(ctx: GitContext, oid: string): Promise<string> {
  await readTreeEntries({ ctx, oid });
  return oid;
}

/** Paths as UTF-8 text, each conflict once, in path order. */
function forDisplay(conflicts: MergeConflict[]): MergeConflict[] {
  const unique = new Map(conflicts.map((c) => [`${c.path}\0${c.reason}`, c]));
  return [...unique.values()]
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.reason < b.reason ? -1 : 1))
    .map((c) => ({ path: Buffer.from(c.path, 'latin1').toString('utf8'), reason: c.reason }));
}
