import type * as nodeFs from 'node:fs';
import path from 'node:path';
import { openWorkTreeConverter, type WorkTreeConverter } from '../attributes/open-work-tree-converter.js';
import type { GitContext } from '../git-context.js';
import { readObject } from '../object-database/read-object.js';
import { readCommit } from '../object-database/read-commit.js';
import { readRefNow } from '../refs/read-ref-now.js';
import { buildIndexTree, type IndexTreeDir, type IndexTreeNode } from '../index-file/build-index-tree.js';
import { diffIndexTree, type TreeUpdatePlan } from '../checkout/update/diff-index-tree.js';
import { updateRefIf } from '../refs/update-ref-if.js';
import { applyTreeUpdate, type AppliedTreeUpdate } from './apply-tree-update.js';
import { deferSignals } from './defer-signals.js';
import { encodeCacheTree } from '../index-file/encode-cache-tree.js';
import { encodeIndexFile } from '../index-file/encode-index-file.js';
import { findBranchCheckout } from './find-branch-checkout.js';
import { indexStatWords } from '../index-file/index-stat-words.js';
import { inspectWorkTree, type WorkTreeCleaner } from './inspect-work-tree.js';
import { type IndexFile, type IndexFileEntry, readIndexFile } from '../index-file/read-index-file.js';
import { writeAll } from './write-all.js';

/** Why a fast-forward was not carried out; nothing was changed. */
export type FastForwardRefusal =
  | 'moved' // the branch no longer points where the gate started
  | 'locked' // another process holds the branch's or the index's lock
  | 'elsewhere' // the branch is checked out in another working tree
  | 'dirty' // tracked changes in the working tree or index of this checkout
  | 'untracked' // untracked files where the fast-forward writes
  | 'interrupted' // a signal came before anything was changed
  | 'failed'; // a write failed part-way: everything was put back

/** What `fastForwardWorktree` did. */
export type FastForwardResult =
  | {
      status: 'moved';
      ref: string;
      from: string;
      to: string;
      /** The working tree that followed the branch, when it is checked out here. */
      worktree?: string;
      /** Signals that arrived while the move was under way: held back until it was complete. */
      signals: string[];
    }
  | { status: 'clear' }
  | {
      status: 'refused';
      reason: FastForwardRefusal;
      message: string;
      paths: string[];
      /** What the user can do about it, when there is something. */
      suggestion?: string;
    };

const FLAG_ASSUME_VALID = 0x8000;
const FLAG_STAGE_MASK = 0x3000;
const EXTENDED_SKIP_WORKTREE = 0x4000;
const EXTENDED_INTENT_TO_ADD = 0x2000;
const MODE_GITLINK = 0o160000;
/** Paths named in a refusal before "and N more". */
const NAMED_PATHS = 5;

/**
 * Moves the local branch `branch` from `from` to its descendant `to` as `git merge --ff-only` does, as one
 * transaction in git's order. First every check, before anything is written: the branch still holds `from`;
 * it is not checked out in another working tree (git refuses to update a branch checked out elsewhere);
 * where it is checked out here, the index and working tree are clean (index equal to `from`'s tree, no
 * conflict or intent-to-add entry; every file clean by its stat data or, when those changed, by its content)
 * and no untracked file stands where the fast-forward writes. Then, holding `index.lock` as git does: the
 * working tree is updated (only the paths that differ), the new index is written through the lock (entries
 * of unchanged paths kept byte for byte, changed ones with fresh stat data, a complete cache tree as git's
 * `unpack_trees` leaves it; other extensions — the untracked cache, resolve-undo — are dropped, which costs
 * git one full scan the next time), and last the ref is moved by compare-and-swap under its lock, with a
 * reflog entry (and one in `HEAD`'s when it is checked out here). SIGINT, SIGTERM and SIGHUP are held back
 * for that section, and `andThen` (the tag) runs inside it. A failure part-way puts the working tree back
 * and leaves index and ref as they were (`failed`); a lost compare-and-swap at the end does the same
 * (`moved`, `locked`). Nothing is ever left half-moved short of a crash of the machine.
 *
 * Without `to`, only the checks that need no target are made (fail fast, before a gate runs): `clear`.
 * When the branch is not checked out anywhere, only the ref moves.
 */
export async function fastForwardWorktree(args: {
  ctx: GitContext;
  /** Short branch name (`main`). */
  branch: string;
  from: string;
  to?: string;
  /** Reflog message. */
  message?: string;
  signal?: AbortSignal;
  andThen?: () => void;
}): Promise<FastForwardResult> {
  const { ctx, branch, from, to } = args;
  const fs = ctx.fs;
  const commonDir = path.dirname(ctx.objectsDir);
  const ref = `refs/heads/${branch}`;
  const actual = readRefNow({ fs, commonDir, ref });
  if (actual !== from)
    return refused(
      'moved',
      `${branch} moved from ${short(from)} to ${actual ? short(actual) : '(deleted)'} during the gate`,
      [],
    );

  const here = realpath(fs, ctx.gitdir);
  const checkouts = findBranchCheckout({ fs, commonDir, branch });
  const elsewhere = checkouts.filter((checkout) => realpath(fs, checkout.gitdir) !== here);
  if (elsewhere.length > 0) {
    const where = elsewhere.map((checkout) => checkout.worktree ?? checkout.gitdir);
    return refused(
      'elsewhere',
      `${branch} is checked out in another working tree, ${where.join(', ')}; git would not move it there either`,
      where,
    );
  }
  const worktree = checkouts.length > 0 ? ctx.dir : undefined;
  const message = args.message ?? 'specgate: gate --merge';

  if (!worktree) {
    if (!to) return { status: 'clear' };
    if (args.signal?.aborted) return refused('interrupted', `interrupted before ${branch} was moved`, []);
    const { value: moved, signals } = await deferSignals(async () => {
      const update = updateRefIf({ fs, gitdir: commonDir, ref, expected: from, value: to, message });
      if (update.updated) args.andThen?.();
      return update;
    });
    if (!moved.updated) return refusedRef(branch, from, moved);
    return { status: 'moved', ref, from, to, signals };
  }

  const indexFile = path.join(ctx.gitdir, 'index');
  const lock = `${indexFile}.lock`;
  let lockFd: number | undefined;
  if (to) {
    try {
      lockFd = fs.openSync(lock, 'wx', 0o666);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      return refused(
        'locked',
        `unable to create '${lock}': file exists; another git process seems to be running in this repository (if none is, remove the file)`,
        [lock],
      );
    }
  }
  let released = false;
  const release = (): void => {
    if (released) return;
    released = true;
    if (lockFd !== undefined) fs.closeSync(lockFd);
    if (lockFd !== undefined) fs.rmSync(lock, { force: true });
  };
  try {
    const { index, bytes, mtimeNs } = readIndex(fs, indexFile);
    const stage0 = index.entries.filter((entry) => (entry.flags & FLAG_STAGE_MASK) === 0);
    const fromTree = (await readCommit(ctx, from)).tree;

    // The index against the branch's commit: conflicts, `git add -N`, anything staged.
    const staged = index.entries
      .filter((entry) => (entry.flags & FLAG_STAGE_MASK) !== 0 || entry.extended & EXTENDED_INTENT_TO_ADD)
      .map((e) => e.path);
    const indexTree = buildIndexTree(stage0.filter((entry) => !(entry.extended & EXTENDED_INTENT_TO_ADD)));
    if (staged.length === 0 && indexTree.oid !== fromTree)
      staged.push(...changedPaths(await diffIndexTree({ ctx, from: indexTree, treeOid: fromTree })));

    const plan = to
      ? await diffIndexTree({ ctx, from: indexTree, treeOid: (await readCommit(ctx, to)).tree })
      : undefined;
    const overwritten = new Set(plan ? touchedLeaves(plan) : []);
    const flaggedTouched = stage0
      .filter((entry) => overwritten.has(entry.path) && entry.extended & EXTENDED_SKIP_WORKTREE)
      .map((e) => e.path);
    if (flaggedTouched.length > 0) {
      return refused(
        'dirty',
        `${branch}: the fast-forward changes paths outside the sparse checkout (skip-worktree), which --merge does not update: ${named(flaggedTouched)}`,
        flaggedTouched,
      );
    }
    // Files whose stat data cannot be trusted are hashed as `git status` hashes them: through the attributes
    // it reads (the work tree's `.gitattributes`, else the index's) and the clean conversion.
    const openCleaner = async (paths: readonly string[]): Promise<WorkTreeCleaner | undefined> => {
      const converter = await openWorkTreeConverter({
        ctx,
        files: stage0,
        workTree: { direction: 'checkin', paths },
      });
      if (!converter) return undefined;
      return {
        clean: async (p, content, oid) => converter.toGit(p, content, (await readObject(ctx, oid)).content),
        close: () => converter.close(),
      };
    };
    const inspection = await inspectWorkTree({
      fs,
      dir: worktree,
      entries: stage0,
      indexMtimeNs: mtimeNs,
      force: overwritten,
      openCleaner,
    });
    const dirty = [...new Set([...staged, ...inspection.dirty])].sort();
    if (dirty.length > 0) {
      return refused(
        'dirty',
        `${branch} is checked out in ${worktree} with uncommitted changes: ${named(dirty)}`,
        dirty,
        'commit or stash them, or run --merge from another branch',
      );
    }
    if (!to || !plan) return { status: 'clear' };

    const inTheWay = findPathsInTheWay(fs, worktree, plan, indexTree);
    if (inTheWay.length > 0) {
      return refused(
        'untracked',
        `${branch}: untracked files in ${worktree} would be overwritten by the merge: ${named(inTheWay)}`,
        inTheWay,
        'move or remove them',
      );
    }
    if (args.signal?.aborted) return refused('interrupted', `interrupted before ${branch} was moved`, []);

    const finalEntries = nextEntries(stage0, plan, inspection.refreshed);
    const finalDirs = new Set<string>();
    for (const entry of finalEntries) {
      for (let slash = entry.path.indexOf('/'); slash >= 0; slash = entry.path.indexOf('/', slash + 1))
        finalDirs.add(entry.path.slice(0, slash));
    }
    const backupDir = path.join(ctx.gitdir, 'specgate', `fast-forward-${process.pid}`);
    fs.rmSync(backupDir, { recursive: true, force: true });
    // Files are written as git's checkout writes them: through the attributes of the index being checked
    // out (unpack-trees' GIT_ATTR_CHECKOUT: the new tree's `.gitattributes`, else an untracked one in the
    // work tree), with filters run from the work tree's top. Nothing is opened when nothing is written.
    const trackedBefore = new Set(stage0.map((entry) => entry.path));
    const converter =
      plan.write.length > 0
        ? await openWorkTreeConverter({
            ctx,
            files: finalEntries,
            treeish: to,
            workTree: {
              direction: 'checkout',
              paths: plan.write.map((file) => file.path),
              skip: (file) => trackedBefore.has(file),
            },
          })
        : undefined;
    let oldConverter: Promise<WorkTreeConverter | undefined> | undefined;
    const restoreConverter = (): Promise<WorkTreeConverter | undefined> =>
      (oldConverter ??= openWorkTreeConverter({ ctx, files: stage0, treeish: from }));
    const closeConverters = async (): Promise<void> => {
      await converter?.close().catch(() => undefined);
      await (await oldConverter?.catch(() => undefined))?.close().catch(() => undefined);
    };

    const encodeIndex = (): Buffer =>
      encodeIndexFile({
        version: index.version,
        entries: finalEntries,
        extensions: [{ signature: 'TREE', data: encodeCacheTree(finalEntries).data }],
      });
    // The old index, linked aside while the new one takes its place: put back by a rename, which needs no room.
    const savedIndex = `${backupDir}.index`;
    const transact = async (): Promise<FastForwardResult> => {
      // The new index takes the room it needs in the lock before the working tree is touched (its length does
      // not depend on the stat data still to come): a disk too full for it fails here, with nothing to undo.
      try {
        writeAll(fs, lockFd!, encodeIndex(), 0);
        fs.fsyncSync(lockFd!);
      } catch (error) {
        return refused(
          'failed',
          `cannot write the index of ${branch}: ${describe(error)}; nothing was changed and ${branch} was not moved`,
          [],
        );
      }
      let applied: AppliedTreeUpdate;
      try {
        applied = await applyTreeUpdate({
          ctx,
          dir: worktree,
          plan,
          backupDir,
          keepDirectory: (d) => finalDirs.has(d),
          ...(converter && { converter }),
          restoreConverter,
        });
      } catch (error) {
        return refused(
          'failed',
          `cannot update the working tree of ${branch}: ${describe(error)}; the working tree was put back and ${branch} was not moved`,
          [],
        );
      }
      let indexCommitted = false;
      try {
        const byPath = new Map(finalEntries.map((entry) => [entry.path, entry]));
        for (const [file, stat] of applied.written) {
          const entry = byPath.get(file);
          if (entry) entry.words = indexStatWords(stat, entry.mode);
        }
        const data = encodeIndex();
        // Over the bytes written ahead, in the room they took.
        writeAll(fs, lockFd!, data, 0);
        fs.ftruncateSync(lockFd!, data.length);
        fs.fsyncSync(lockFd!);
        const update = updateRefIf({
          fs,
          gitdir: commonDir,
          ref,
          expected: from,
          value: to,
          message,
          headGitdir: ctx.gitdir,
          beforeCommit: () => {
            fs.closeSync(lockFd!);
            lockFd = undefined;
            if (bytes !== undefined) {
              fs.mkdirSync(path.dirname(savedIndex), { recursive: true });
              fs.linkSync(indexFile, savedIndex);
            }
            fs.renameSync(lock, indexFile);
            indexCommitted = true;
          },
        });
        if (!update.updated) {
          await applied.undo();
          return refusedRef(branch, from, update);
        }
      } catch (error) {
        // A reflog that could not be written once the ref was published (a full disk): the move is done, and
        // putting the working tree and index back now would leave them behind the branch.
        if (indexCommitted && refNow(fs, commonDir, ref) === to) return kept();
        await restore(fs, indexFile, savedIndex, bytes, indexCommitted);
        await applied.undo().catch(() => undefined);
        return refused(
          'failed',
          `cannot move ${branch}: ${describe(error)}; the working tree and index were put back and ${branch} was not moved`,
          [],
        );
      }
      return kept();
      function kept(): FastForwardResult {
        try {
          fs.rmSync(savedIndex, { force: true });
          applied.keep();
        } catch {
          // The files set aside stay in the git directory: the move itself is complete.
        }
        args.andThen?.();
        return { status: 'moved', ref, from, to: to!, worktree, signals: [] };
      }
    };
    const { value: outcome, signals } = await deferSignals(async (): Promise<FastForwardResult> => {
      try {
        return await transact();
      } finally {
        await closeConverters();
      }
    });
    return outcome.status === 'moved' ? { ...outcome, signals } : outcome;
  } finally {
    release();
  }
}

/** Where `ref` points now, or undefined when that cannot be read. */
function refNow(fs: typeof nodeFs, commonDir: string, ref: string): string | undefined {
  try {
    return readRefNow({ fs, commonDir, ref });
  } catch {
    return undefined;
  }
}

function refused(
  reason: FastForwardRefusal,
  message: string,
  paths: string[],
  suggestion?: string,
): FastForwardResult {
  return { status: 'refused', reason, message, paths, ...(suggestion !== undefined && { suggestion }) };
}

function refusedRef(
  branch: string,
  from: string,
  update: { reason: 'moved' | 'locked'; actual: string | undefined; message: string },
): FastForwardResult {
  return update.reason === 'moved'
    ? refused(
        'moved',
        `${branch} moved from ${short(from)} to ${update.actual ? short(update.actual) : '(deleted)'} during the gate`,
        [],
      )
    : refused('locked', `cannot move ${branch}: ${update.message}`, []);
}

function short(sha: string): string {
  return sha.slice(0, 12);
}

/** A few paths, then how many more. */
function named(paths: readonly string[]): string {
  const shown = paths.slice(0, NAMED_PATHS).join(', ');
  return paths.length > NAMED_PATHS ? `${shown} and ${paths.length - NAMED_PATHS} more` : shown;
}

function describe(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  return e.code && e.path ? `${e.code} on ${e.path}` : (e.message ?? String(error)).split('\n')[0];
}

function realpath(fs: typeof nodeFs, p: string): string {
  try {
    return fs.realpathSync(p);
  } catch {
    return path.resolve(p);
  }
}

/** The index (an absent one is empty, as git reads it), its bytes and its mtime. */
function readIndex(
  fs: typeof nodeFs,
  file: string,
): { index: IndexFile; bytes: Buffer | undefined; mtimeNs: bigint } {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    return { index: { version: 2, entries: [], extensions: [] }, bytes: undefined, mtimeNs: 0n };
  }
  return { index: readIndexFile(bytes, file), bytes, mtimeNs: fs.statSync(file, { bigint: true }).mtimeNs };
}

/** Puts the old index back (the very file, linked aside as `saved`) when the new one was already renamed into place. */
async function restore(
  fs: typeof nodeFs,
  file: string,
  saved: string,
  bytes: Buffer | undefined,
  committed: boolean,
): Promise<void> {
  if (bytes === undefined) {
    if (committed) fs.rmSync(file, { force: true });
    return;
  }
  if (committed) fs.renameSync(saved, file);
  else fs.rmSync(saved, { force: true });
}

/** Every path a plan names, as a diff of the index against a tree: what is staged. */
function changedPaths(plan: TreeUpdatePlan): string[] {
  return [
    ...plan.removeLeaves.map((leaf) => leaf.path),
    ...plan.removeDirs.flatMap((dir) => leavesOf(dir).map((leaf) => leaf.path)),
    ...plan.write.map((file) => file.path),
    ...plan.chmod.map((file) => file.path),
    ...plan.relink.map((file) => file.path),
  ];
}

/** The index entries a fast-forward removes, overwrites or chmods. */
function touchedLeaves(plan: TreeUpdatePlan): string[] {
  return [
    ...plan.removeLeaves.map((leaf) => leaf.path),
    ...plan.removeDirs.flatMap((dir) => leavesOf(dir).map((leaf) => leaf.path)),
    ...plan.chmod.map((file) => file.path),
  ];
}

function leavesOf(node: IndexTreeNode): Array<{ path: string; oid: string; mode: number }> {
  if (node.kind === 'leaf') return [node];
  return [...node.children.values()].flatMap(leavesOf);
}

/**
 * Untracked paths where the fast-forward writes (git's "would be overwritten by merge"): anything at a path
 * it creates that is not a tracked entry it removes first, a non-directory where it needs a directory, and a
 * tracked directory it replaces with a file that still holds untracked files. Ignored files count as
 * untracked here: specgate never deletes a file it did not write.
 */
function findPathsInTheWay(
  fs: typeof nodeFs,
  dir: string,
  plan: TreeUpdatePlan,
  indexTree: IndexTreeDir,
): string[] {
  const removed = new Set(plan.removeLeaves.map((leaf) => leaf.path));
  const removedDirs = new Set(plan.removeDirs.map((tree) => tree.path));
  const inTheWay = new Set<string>();
  const lstat = (rel: string): nodeFs.Stats | undefined => {
    try {
      return fs.lstatSync(path.join(dir, ...rel.split('/')));
    } catch {
      return undefined;
    }
  };
  const tracked = (rel: string): boolean => {
    let node: IndexTreeNode = indexTree;
    for (const name of rel.split('/')) {
      if (node.kind !== 'dir') return false;
      const child: IndexTreeNode | undefined = node.children.get(name);
      if (!child) return false;
      node = child;
    }
    return true;
  };
  for (const directory of plan.directories) {
    const stat = lstat(directory);
    if (stat && !stat.isDirectory() && !removed.has(directory)) inTheWay.add(directory);
  }
  for (const file of plan.write) {
    const stat = lstat(file.path);
    if (!stat) continue;
    if (removed.has(file.path)) continue;
    if (stat.isDirectory() && (removedDirs.has(file.path) || !tracked(file.path))) {
      // A directory the new file replaces: only tracked files in it may go.
      for (const untracked of untrackedBelow(fs, dir, file.path, tracked)) inTheWay.add(untracked);
      continue;
    }
    inTheWay.add(file.path);
  }
  return [...inTheWay].sort();
}

/** Untracked files and symlinks below the directory `rel`, an empty directory being none. */
function untrackedBelow(
  fs: typeof nodeFs,
  dir: string,
  rel: string,
  tracked: (rel: string) => boolean,
): string[] {
  const found: string[] = [];
  const walk = (at: string): void => {
    for (const dirent of fs.readdirSync(path.join(dir, ...at.split('/')), { withFileTypes: true })) {
      const child = `${at}/${dirent.name}`;
      if (dirent.isDirectory()) walk(child);
      else if (!tracked(child)) found.push(child);
    }
  };
  walk(rel);
  return found;
}

/**
 * The stage-0 entries after the fast-forward, in index order: unchanged paths as they were (refreshed stat
 * words where the content was proven unchanged), changed and new paths as fresh entries (flags cleared, as
 * git drops assume-unchanged on a path it writes); their stat words are filled in once written.
 */
function nextEntries(
  stage0: readonly IndexFileEntry[],
  plan: TreeUpdatePlan,
  refreshed: Map<string, number[]>,
): IndexFileEntry[] {
  const gone = new Set([
    ...plan.removeLeaves.map((leaf) => leaf.path),
    ...plan.removeDirs.flatMap((tree) => leavesOf(tree).map((l) => l.path)),
  ]);
  const replaced = new Map<string, { path: string; oid: string; mode: number }>();
  for (const file of [...plan.chmod, ...plan.relink]) replaced.set(file.path, file);
  const entries: IndexFileEntry[] = [];
  for (const entry of stage0) {
    if (gone.has(entry.path)) continue;
    const change = replaced.get(entry.path);
    if (change) {
      const words = [...entry.words];
      words[6] = change.mode;
      entries.push({
        ...entry,
        oid: change.oid,
        mode: change.mode,
        words,
        flags: entry.flags & ~FLAG_ASSUME_VALID,
        extended: 0,
      });
      continue;
    }
    const words = refreshed.get(entry.path);
    entries.push(words ? { ...entry, words } : entry);
  }
  for (const file of plan.write) {
    const name = Buffer.from(file.path, 'utf8');
    const words = [0, 0, 0, 0, 0, 0, file.mode, 0, 0, 0];
    entries.push({
      path: file.path,
      name,
      oid: file.oid,
      mode: file.mode === MODE_GITLINK ? MODE_GITLINK : file.mode,
      words,
      flags: 0,
      extended: 0,
    });
  }
  return entries.sort((a, b) => Buffer.compare(a.name, b.name));
}
