import { encodeTree } from './encode-tree.js';
import { hashObject } from './hash-object.js';
import { letEventLoopRun } from '../history/let-event-loop-run.js';
import { mergeFileEntries } from './merge-file-entries.js';
import { MODE, type MergeState, type Tree, type TreeEntry } from './merge-types.js';
import { readTreeEntries } from './read-tree-entries.js';

/**
 * The path-by-path three-way merge of merge-ort (`collect_merge_info` + `process_entry`), without rename
 * detection. Merges the trees `base`, `ours` and `theirs` (ids, each may be absent) found at `path` and
 * returns the merged tree entry (undefined when the merge leaves nothing there). Conflicts go to
 * `state.conflicts`, new objects to `state.objects`, and what the rename analysis needs to `state.facts`.
 *
 * A subtree is read only when its ids do not decide the result: identical on all sides, identical on
 * both sides, or unchanged on one side means the other side's subtree is taken whole.
 */
export async function walkMerge(args: {
  state: MergeState;
  path: string;
  base?: string;
  ours?: string;
  theirs?: string;
}): Promise<TreeEntry | undefined> {
  const asTree = (oid?: string): TreeEntry | undefined =>
    oid === undefined ? undefined : { mode: MODE.tree, oid };
  return mergeDirectory(args.state, args.path, asTree(args.base), asTree(args.ours), asTree(args.theirs));
}

const EMPTY_TREE: Tree = new Map();

/**
 * `besideFile`: a file has the same name in one of the three trees (a directory/file change). git then
 * walks a directory new on one side in place, in path order, instead of deferring it as a trivial merge.
 */
async function mergeDirectory(
  state: MergeState,
  path: string,
  b?: TreeEntry,
  o?: TreeEntry,
  t?: TreeEntry,
  besideFile = false,
): Promise<TreeEntry | undefined> {
  const forced = state.forced?.has(path) ?? false;
  const facts = state.facts;
  if (!forced && same(b, o) && same(b, t)) return b;
  if (b && facts) {
    if (!o) facts.sides[0].removedDirs.add(path);
    if (!t) facts.sides[1].removedDirs.add(path);
  }
  if (!forced) {
    // Git does descend into these when renames need it; the rename analysis does so from `facts`.
    if (same(o, t)) {
      facts?.matched.push({ path, base: b?.oid, tree: o?.oid });
      return o;
    }
    const inPlace = besideFile && b === undefined;
    if (same(b, o)) {
      facts?.sides[1].subtrees.push({ path, base: b?.oid, tree: t?.oid, inPlace });
      return t;
    }
    if (same(b, t)) {
      facts?.sides[0].subtrees.push({ path, base: b?.oid, tree: o?.oid, inPlace });
      return o;
    }
  }
  await letEventLoopRun();
  const [bt, ot, tt] = await Promise.all(
    [b, o, t].map((e) => (e ? readTreeEntries({ ctx: state.ctx, oid: e.oid }) : EMPTY_TREE)),
  );
  const names = [...new Set([...bt.keys(), ...ot.keys(), ...tt.keys()])];
  const here: Directory = { path, taken: new Set(names), aside: new Map() };
  const merged = await Promise.all(
    names.map((name) => mergeEntry(state, here, name, bt.get(name), ot.get(name), tt.get(name))),
  );
  const tree: Tree = new Map();
  names.forEach((name, i) => {
    if (merged[i]) tree.set(name, merged[i]!);
  });
  here.aside.forEach((entry, name) => tree.set(name, entry));
  if (tree.size === 0) return undefined;
  const content = encodeTree(tree);
  const oid = hashObject('tree', content);
  if (oid !== b?.oid && oid !== o?.oid && oid !== t?.oid) state.objects.set(oid, { type: 'tree', content });
  return { mode: MODE.tree, oid };
}

/**
 * The directory being merged: its path, every name git knows there (the names in any of the three
 * trees, and those given to files moved aside), and the files moved aside, by their new names.
 */
interface Directory {
  path: string;
  taken: Set<string>;
  aside: Map<string, TreeEntry>;
}

async function mergeEntry(
  state: MergeState,
  here: Directory,
  name: string,
  b?: TreeEntry,
  o?: TreeEntry,
  t?: TreeEntry,
): Promise<TreeEntry | undefined> {
  const path = here.path ? `${here.path}/${name}` : name;
  // A followed rename replaces the file versions at a path; directories there merge as usual.
  const override = state.overrides?.get(path);
  if (!override && !state.forced?.has(path) && same(b, o) && same(b, t)) return b;
  const [fb, fo, ft] = override ?? [b, o, t].map((e) => (e && e.mode !== MODE.tree ? e : undefined));
  if (fb && fo && ft) {
    if (same(fo, ft) || same(fb, ft)) return fo;
    if (same(fb, fo)) return ft;
  }
  recordFileFacts(state, path, b, o, t);

  const [db, dO, dt] = [b, o, t].map((e) => (e && e.mode === MODE.tree ? e : undefined));
  const besideFile = [b, o, t].some((e) => e !== undefined && e.mode !== MODE.tree);
  const dir = db || dO || dt ? await mergeDirectory(state, path, db, dO, dt, besideFile) : undefined;
  if (!fb && !fo && !ft) return dir;
  if (dir) {
    // The directory stays. The file may go quietly only if no side still wants it: deleted on both, or
    // unchanged on the side that did not turn it into the directory.
    const fileGone = (!fo && !ft) || (!ft && same(fb, fo)) || (!fo && same(fb, ft));
    if (fb && fileGone) return dir;
    // A merge of merge bases moves the file aside, next to the directory, and merges it there as any
    // file (a modified file the directory's side deleted: the base's version). Two files and a
    // directory cannot happen without renames; there specgate does not know what git does and refuses
    // (the conflict then stands for "cannot").
    if ((state.depth ?? 0) === 0 || (fo && ft)) {
      state.conflicts.push({ path, reason: 'file/directory' });
      return dir;
    }
    // The file comes from the side without the directory: ours' branch, unless ours has the directory.
    const moved = uniqueName(here, `${name}~Temporary merge branch ${dO ? 2 : 1}`);
    const entry = await mergeFileParts(state, here.path ? `${here.path}/${moved}` : moved, fb, fo, ft);
    if (entry) here.aside.set(moved, entry);
    return dir;
  }
  return mergeFileParts(state, path, fb, fo, ft);
}

/** process_entry for files (no directory left at the path): `match_mask` cases, then the rest. */
async function mergeFileParts(
  state: MergeState,
  path: string,
  fb?: TreeEntry,
  fo?: TreeEntry,
  ft?: TreeEntry,
): Promise<TreeEntry | undefined> {
  const baseOurs = fb && fo && same(fb, fo);
  const baseTheirs = fb && ft && same(fb, ft);
  if (baseOurs) return ft;
  if (baseTheirs || (fo && ft && same(fo, ft))) return fo;
  const inner = (state.depth ?? 0) > 0;
  if (fo && ft) {
    if ((fo.mode & 0o170000) !== (ft.mode & 0o170000)) {
      // Two kinds of thing (file, symlink, submodule): a merge of merge bases keeps the base's version.
      if (inner) return fb;
      const reason = fo.mode === MODE.gitlink || ft.mode === MODE.gitlink ? 'submodule' : 'symlink';
      state.conflicts.push({ path, reason });
      return fo;
    }
    const { entry, reason } = await mergeFileEntries({ state, path, base: fb, ours: fo, theirs: ft });
    if (reason) state.conflicts.push({ path, reason });
    return entry;
  }
  const kept = fo ?? ft;
  if (kept && fb) {
    // modify/delete: a merge of merge bases keeps the base's version.
    if (inner) return fb;
    state.conflicts.push({ path, reason: 'modify/delete' });
  }
  return kept;
}

/**
 * merge-ort's unique_path within one directory: `name` itself if git knows no such path there, else the
 * first free of `name_0`, `name_1`, …; the name is then taken (even if the file moved there goes).
 */
function uniqueName(here: Directory, name: string): string {
  let unique = name;
  for (let suffix = 0; here.taken.has(unique); suffix += 1) unique = `${name}_${suffix}`;
  here.taken.add(unique);
  return unique;
}

/** Adds and deletions of files on each side at this path, and whether the other side touched it. */
function recordFileFacts(state: MergeState, path: string, b?: TreeEntry, o?: TreeEntry, t?: TreeEntry): void {
  const facts = state.facts;
  if (!facts) return;
  const file = (e?: TreeEntry) => (e && e.mode !== MODE.tree ? e : undefined);
  const fb = file(b);
  [o, t].forEach((side, i) => {
    const other = i === 0 ? t : o;
    if (fb && !file(side)) facts.sides[i].deletes.set(path, { entry: fb, relevant: !same(other, b) });
    if (!fb && file(side)) facts.sides[i].adds.set(path, file(side)!);
  });
}

function same(x?: TreeEntry, y?: TreeEntry): boolean {
  return x === undefined || y === undefined ? x === y : x.mode === y.mode && x.oid === y.oid;
}
