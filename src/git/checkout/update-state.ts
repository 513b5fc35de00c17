import type * as nodeFs from 'node:fs';
import * as path from 'node:path';
import { openWorkTreeConverter, type WorkTreeConverter } from '../attributes/open-work-tree-converter.js';
import { mapLimit } from './map-limit.js';
import { writeMinimalGitdir } from './write-minimal-gitdir.js';
import { writeTreeFiles } from './write-tree-files.js';
import { prefetch } from '../object-database/prefetch.js';
import type { GitContext } from '../git-context.js';
import { readObject } from '../object-database/read-object.js';
import { readCommit } from '../object-database/read-commit.js';
import { type ReadGitIndexEntry, readGitIndex } from '../index-file/read-git-index.js';
import { buildIndexTree, type IndexTreeDir, type IndexTreeLeaf } from '../index-file/build-index-tree.js';
import { diffIndexTree } from './update/diff-index-tree.js';
import { hashWorkTreeFile } from './update/hash-work-tree-file.js';
import { inspectStateDir } from './update/inspect-state-dir.js';
import { removeEmptyDirectories } from './update/remove-empty-directories.js';
import { resetStateGitdir } from './update/reset-state-gitdir.js';
import { type CleanEntry, scanWorkTree, type TrackedEntry } from './update/scan-work-tree.js';
import { type GitIndexEntry, writeGitIndex } from '../index-file/write-git-index.js';

/** Files written or removed at once, as in `materializeState`. */
const IO_CONCURRENCY = 32;
const OID_PATTERN = /^[0-9a-f]{40}$/;
const MODE_GITLINK = 0o160000;

/**
 * Turns `dir`, a checkout written by `materializeState` (and possibly modified since by jobs), into a clean
 * checkout of `commitOid`, writing only the paths that differ. The result is what `materializeState` would
 * write into an empty directory, file timestamps aside: the same files, bytes, modes and symlinks, no other
 * file (untracked and ignored ones, such as `node_modules/`, are removed), no empty directory but a
 * submodule's, and a fresh `.git` (detached `HEAD` at the commit, no refs, no objects of its own, the
 * default config plus the repository's conversion settings, an index with stat data that native git trusts).
 *
 * How: the index in `dir/.git` says what was last checked out there (even when a job's `git commit` moved
 * `HEAD`, the index still describes the files, which is all that counts). Every tracked path whose `lstat`
 * differs from its entry (git's rules, racy entries re-hashed), and everything untracked, is removed; the
 * rest is folded into a tree whose ids are computed from the index, and diffed against the commit's tree
 * without descending into equal subtrees; then the differing paths are removed and written, directories left
 * empty are pruned, `.git` is reset and the index is written for the whole commit, keeping the stat data of
 * the untouched entries. Files are written converted as `git checkout` writes them (see `materializeState`):
 * a racy file whose path converts is compared with the bytes the checkout wrote for its blob (or, behind a
 * filter driver, rewritten), and a file whose blob is unchanged but whose conversion changed (a
 * `.gitattributes` changed) is rewritten. When the index is missing or unreadable, everything is treated
 * as untracked, which amounts to emptying `dir` and checking the commit out afresh. An interrupted update
 * leaves a directory that the next update still repairs.
 *
 * A missing or empty `dir` gets a full checkout.
 *
 * @param args.ctx the source repository; trees and blobs are read with its shared cache.
 * @param args.dir the state checkout; only what is inside it is ever modified.
 * @param args.commitOid full 40-hex id of a commit (an annotated tag is peeled to its commit).
 * @returns `written`: paths created, rewritten or chmod-ed (files, symlinks, submodule directories);
 *   `removed`: paths deleted and not written again: each tracked file, symlink or submodule, and each
 *   untracked file, symlink or directory, a directory counting once with everything in it.
 * @throws Error when `commitOid` is not a full object id or not a commit, before anything is modified.
 * @throws UserError (`WORK_DIR`) naming `dir` when it is not a directory, is the source repository, or is a
 *   non-empty directory that is not a state checkout of this repository; nothing is modified then.
 * @throws isomorphic-git's `UnsafeFilepathError` when the commit's tree holds a path git would refuse to check
 *   out; nothing has been modified then.
 * @throws UserError (`CHECKOUT_FILTER`) when a `required` filter driver fails; `dir` is then left half
 *   updated, for the caller to remove or update again.
 */
export async function updateState(args: {
  ctx: GitContext;
  dir: string;
  commitOid: string;
}): Promise<{ written: number; removed: number }> {
  const { ctx, commitOid } = args;
  if (!OID_PATTERN.test(commitOid)) {
    throw new Error(
      `updateState: commitOid must be 40 lowercase hex digits, got ${JSON.stringify(commitOid)}`,
    );
  }
  const dir = path.resolve(args.dir);
  const commit = await readCommit(ctx, commitOid);
  const oid = commitOid;
  const kind = await inspectStateDir({ ctx, dir });
  if (kind === 'missing') await ctx.fs.promises.mkdir(dir, { recursive: true });
  const gitdir = path.join(dir, '.git');
  const { entries, indexMtimeNs } = kind === 'checkout' ? await readTrusted(ctx.fs, gitdir) : NO_INDEX;
  return update({ ctx, dir, gitdir, commitOid: oid, treeOid: commit.tree, entries, indexMtimeNs });
}

const NO_INDEX = { entries: [] as TrackedEntry[], indexMtimeNs: 0n };

/**
 * The stage-0 entries of the index that describe a file git believes is on disk. A conflicted, flagged
 * (assume-unchanged, skip-worktree, intent-to-add) or duplicated path is left out, so the scan sees it as
 * untracked and removes it. An index that cannot be read means nothing is known.
 */
async function readTrusted(
  fs: typeof nodeFs,
  gitdir: string,
): Promise<{ entries: TrackedEntry[]; indexMtimeNs: bigint }> {
  let all: ReadGitIndexEntry[];
  let indexMtimeNs: bigint;
  try {
    // The mtime first: an index rewritten in between only makes more entries racy, never fewer.
    indexMtimeNs = (await fs.promises.lstat(path.join(gitdir, 'index'), { bigint: true })).mtimeNs;
    all = await readGitIndex({ fs, gitdir });
  } catch {
    return NO_INDEX;
  }
  const count = new Map<string, number>();
  for (const entry of all) count.set(entry.path, (count.get(entry.path) ?? 0) + 1);
  const entries = all.filter(
    (entry) =>
      count.get(entry.path) === 1 &&
      entry.stage === 0 &&
      !entry.assumeValid &&
      !entry.skipWorktree &&
      !entry.intentToAdd,
  );
  return { entries, indexMtimeNs };
}

async function update(args: {
  ctx: GitContext;
  dir: string;
  gitdir: string;
  commitOid: string;
  treeOid: string;
  entries: TrackedEntry[];
  indexMtimeNs: bigint;
}): Promise<{ written: number; removed: number }> {
  const { ctx, dir, gitdir } = args;
  const { fs } = ctx;
  const abs = (rel: string): string => path.join(dir, ...rel.split('/'));

  // How the files on disk were converted: the attributes of the tree the index describes.
  let entries = args.entries;
  let previous: WorkTreeConverter | undefined;
  try {
    previous = await openWorkTreeConverter({ ctx, files: entries });
  } catch {
    // A `.gitattributes` a job staged, whose blob only the state holds: nothing on disk can be trusted.
    entries = [];
  }
  const holdsBlob = previous && holdsConvertedBlob(ctx, previous);

  // Read everything first: a bad tree fails here, before the work tree is touched.
  const scan = await scanWorkTree({ fs, dir, entries, indexMtimeNs: args.indexMtimeNs, holdsBlob });
  const from = buildIndexTree(scan.clean.values());
  const plan = await diffIndexTree({ ctx, from, treeOid: args.treeOid });
  // A partial clone fetches the blobs it lacks in one call, before the work tree is touched.
  await prefetch(
    ctx,
    plan.write.filter((file) => file.mode !== MODE_GITLINK).map((file) => file.oid),
  );

  // What the new index will hold: the clean entries, minus what goes, plus what is written.
  const next = new Map<string, CleanEntry>(scan.clean);
  const removedPaths = new Set<string>();
  // Two batches, each free of nesting, so that no removal runs inside a directory another one is removing.
  const leftovers: (string | Buffer)[] = [];
  const tracked: string[] = [];
  const parents = new Set<string>();
  const noteParent = (rel: string): void => {
    const slash = rel.lastIndexOf('/');
    parents.add(slash < 0 ? '' : rel.slice(0, slash));
  };

  for (const leftover of scan.leftovers) {
    leftovers.push(leftover.absolute);
    removedPaths.add(leftover.path);
    noteParent(leftover.path);
  }
  for (const missing of scan.missing) noteParent(missing);
  for (const leaf of plan.removeLeaves) {
    tracked.push(abs(leaf.path));
    removedPaths.add(leaf.path);
    next.delete(leaf.path);
    noteParent(leaf.path);
  }
  for (const directory of plan.removeDirs) {
    tracked.push(abs(directory.path));
    noteParent(directory.path);
    forEachLeaf(directory, (leaf) => {
      removedPaths.add(leaf.path);
      next.delete(leaf.path);
    });
  }

  // The new tree's conversions; a kept file whose conversion differs is written again, as a fresh
  // checkout would write it.
  const converter = await openWorkTreeConverter({
    ctx,
    files: [...next.values(), ...plan.write, ...plan.chmod],
    treeish: args.commitOid,
  });
  if (previous !== undefined || converter !== undefined) {
    const writing = new Set(plan.write.map((file) => file.path));
    for (const entry of next.values()) {
      if (writing.has(entry.path) || !isRegular(entry.mode)) continue;
      if ((previous?.describe(entry.path) ?? '') === (converter?.describe(entry.path) ?? '')) continue;
      tracked.push(abs(entry.path));
      next.delete(entry.path);
      plan.write.push({ path: entry.path, oid: entry.oid, mode: entry.mode });
    }
    plan.chmod = plan.chmod.filter((file) => {
      if ((previous?.describe(file.path) ?? '') === (converter?.describe(file.path) ?? '')) return true;
      tracked.push(abs(file.path));
      plan.write.push(file);
      return false;
    });
  }
  await previous?.close();

  // Removals before writes: a file must be gone before a directory takes its name, and vice versa.
  for (const batch of [leftovers, tracked]) {
    await mapLimit(batch, IO_CONCURRENCY, (target) =>
      fs.promises.rm(target, { recursive: true, force: true }),
    );
  }
  await removeEmptyDirectories({
    fs,
    dir,
    // Only directories the scan walked: paths from the index alone could name anything. A missing path's
    // parent may be missing too (a job deleted `a/b` after committing `a/b/c`): the nearest walked ancestor
    // is then the directory its removal may have left empty.
    candidates: [...parents].map((parent) => nearestWalked(parent, scan.directories)),
    keep: (directory) => next.get(directory)?.mode === MODE_GITLINK,
  });

  const directories = new Set(plan.directories);
  for (const file of plan.write) {
    const slash = file.path.lastIndexOf('/');
    if (slash > 0) directories.add(file.path.slice(0, slash));
  }
  // Parents first; `recursive` also accepts the directories that survived.
  for (const directory of [...directories].sort((a, b) => a.length - b.length)) {
    await fs.promises.mkdir(abs(directory), { recursive: true });
  }
  let stats: Awaited<ReturnType<typeof writeTreeFiles>>;
  try {
    stats = await writeTreeFiles({ ctx, dir, files: plan.write, converter });
  } finally {
    await converter?.close();
  }
  plan.write.forEach((file, index) => next.set(file.path, { ...file, stat: stats[index] }));
  const chmodStats = await mapLimit(plan.chmod, IO_CONCURRENCY, async (file) => {
    await fs.promises.chmod(abs(file.path), file.mode & 0o777);
    return fs.promises.lstat(abs(file.path), { bigint: true });
  });
  plan.chmod.forEach((file, index) => next.set(file.path, { ...file, stat: chmodStats[index] }));
  for (const file of plan.relink) next.set(file.path, { ...file, stat: undefined });

  await resetStateGitdir({ fs, gitdir });
  await writeMinimalGitdir({
    fs,
    gitdir,
    commitOid: args.commitOid,
    objectsDir: ctx.objectsDir,
    conversionConfig: converter?.localConfig,
    infoAttributes: converter?.infoAttributes,
  });
  // Last, as in materializeState: the index must describe the files as they now are.
  const index: GitIndexEntry[] = [...next.values()].map(({ path: p, oid, mode, stat }) => ({
    path: p,
    oid,
    mode,
    stat,
  }));
  await writeGitIndex({ fs, gitdir, entries: index });

  const writtenPaths = new Set([...plan.write, ...plan.chmod].map((file) => file.path));
  let removed = 0;
  for (const p of removedPaths) if (!writtenPaths.has(p)) removed += 1;
  return { written: writtenPaths.size, removed };
}

/**
 * Whether a racy file holds what the checkout wrote for its entry: its bytes equal the blob converted by
 * `converter`. Behind a filter driver that would mean running the filter again, so such a file is
 * simply written again.
 */
function holdsConvertedBlob(ctx: GitContext, converter: WorkTreeConverter) {
  return async (entry: TrackedEntry, absolute: string): Promise<boolean> => {
    if (converter.describe(entry.path) === '')
      return (await hashWorkTreeFile({ fs: ctx.fs, file: absolute, symlink: false })) === entry.oid;
    if (converter.filterOf(entry.path) !== undefined) return false;
    const [bytes, blob] = await Promise.all([ctx.fs.promises.readFile(absolute), readObject(ctx, entry.oid)]);
    return (await converter.convert(entry.path, entry.oid, blob.content)).equals(bytes);
  };
}

function isRegular(mode: number): boolean {
  return mode === 0o100644 || mode === 0o100755;
}

/** `directory` or its closest ancestor in `walked`; the root `''` is always walked. */
function nearestWalked(directory: string, walked: ReadonlySet<string>): string {
  let current = directory;
  while (current !== '' && !walked.has(current)) {
    const slash = current.lastIndexOf('/');
    current = slash < 0 ? '' : current.slice(0, slash);
  }
  return current;
}

function forEachLeaf(node: IndexTreeDir, visit: (leaf: IndexTreeLeaf) => void): void {
  for (const child of node.children.values()) {
    if (child.kind === 'dir') forEachLeaf(child, visit);
    else visit(child);
  }
}
