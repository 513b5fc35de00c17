import type { GitContext } from './git-context.js';
import { hashObject } from './merge/hash-object.js';
import type { EntryTriple, MergeConflict, MergeState } from './merge/merge-types.js';
import { planRenames } from './merge/plan-renames.js';
import { readTreeEntries } from './merge/read-tree-entries.js';
import { walkMerge } from './merge/walk-merge.js';
import { writeMergeObjects } from './merge/write-merge-objects.js';

/** A clean merge's tree, or the paths that conflict and why. */
export type MergeTreesResult =
  | { clean: true; treeOid: string }
  | { clean: false; conflicts: { path: string; reason: string }[] };

/**
 * Three-way merge of trees `ours` and `theirs` with common ancestor tree `base` (undefined: the empty
 * tree, for unrelated histories), with git's merge-ort semantics and default configuration: a clean
 * result is exactly the tree `git merge-tree --write-tree` writes, and where git reports a conflict this
 * reports one too. Merged blobs and trees are written to the object database only when the merge is
 * clean.
 *
 * Conflict reasons: "content", "add/add", "modify/delete", "file/directory", "mode", "binary",
 * "symlink", "submodule" (as git names them; two different types at one path, such as a file and a
 * symlink, report "symlink" or "submodule"), and "rename".
 *
 * Renames: git detects them and merges one side's edit into the other side's renamed file. This follows
 * a rename when it is certain which file it went to: an exact rename, or a clearly similar file (50% by
 * git's measure) with no rival candidate, the other side having edited the file in place. Where git's
 * outcome hinges on a rename specgate cannot settle with certainty, it reports "rename" instead of
 * guessing: renames ambiguous between identical files, similarity near git's 50% threshold, several
 * similar candidates, and any rename out of a directory in which the other side added files (git's
 * directory rename detection). Git may merge some of these cleanly; specgate never returns a tree git
 * would not.
 *
 * Not modelled (git's defaults assumed): `merge.conflictStyle=diff3`/`zdiff3` (can turn some clean merges
 * into conflicts), `merge.renormalize`, `merge.directoryRenames=true`, merge attributes and drivers in
 * `$GIT_DIR/info/attributes`, and fast-forwarding checked-out submodules.
 */
export async function mergeTrees(args: { ctx: GitContext; base?: string; ours: string; theirs: string }): Promise<MergeTreesResult> {
  const { ctx, base, ours, theirs } = args;
  if (ours === theirs || base === theirs) return { clean: true, treeOid: await checkedTree(ctx, ours) };
  if (base === ours) return { clean: true, treeOid: await checkedTree(ctx, theirs) };

  const first = newState(ctx, {
    facts: { sides: [emptySideFacts(), emptySideFacts()], matched: [] },
  });
  let root = await walkMerge({ state: first, path: '', base, ours, theirs });
  const plan = await planRenames({ ctx, facts: first.facts!, roots: [base, ours, theirs] });
  let state = first;
  if (plan.conflicts.length === 0 && plan.overrides.size > 0) {
    state = newState(ctx, { overrides: plan.overrides, forced: ancestors(plan.overrides) });
    root = await walkMerge({ state, path: '', base, ours, theirs });
  }
  const conflicts = [...state.conflicts, ...plan.conflicts];
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

/** Every directory on the way to an overridden path, which the second walk must enter. */
function ancestors(overrides: Map<string, EntryTriple>): Set<string> {
  const dirs = new Set<string>(['']);
  for (const path of overrides.keys()) {
    for (let cut = path.indexOf('/'); cut !== -1; cut = path.indexOf('/', cut + 1)) dirs.add(path.slice(0, cut));
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
