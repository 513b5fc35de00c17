import type * as nodeFs from 'node:fs';
import * as path from 'node:path';
import type { WorkTreeConverter } from '../attributes/open-work-tree-converter.js';
import type { GitContext } from '../git-context.js';
import type { IndexTreeLeaf, IndexTreeNode } from '../index-file/build-index-tree.js';
import type { TreeUpdatePlan } from '../checkout/update/diff-index-tree.js';
import { readObject } from '../object-database/read-object.js';
import { writeWorkTreeBlob } from './write-work-tree-blob.js';

/** Blobs being read while earlier ones are written. */
const READ_AHEAD = 32;

// Read once: the process umask does not change during a run.
const UMASK = readUmask();

function readUmask(): number {
  const mask = process.umask(0o022);
  process.umask(mask);
  return mask;
}

/** One step done to the work tree, with what undoes it. */
type Step =
  | { kind: 'aside'; file: string; backup: string }
  | { kind: 'deleted'; leaf: IndexTreeLeaf }
  | { kind: 'created'; file: string }
  | { kind: 'mkdir'; dir: string }
  | { kind: 'rmdir'; dir: string }
  | { kind: 'chmod'; file: string; mode: number };

/** A work-tree update that is done, until it is kept or undone. */
export interface AppliedTreeUpdate {
  /** `lstat` of every path written or chmod-ed, by path: the stat data of its new index entry. */
  written: Map<string, nodeFs.BigIntStats>;
  /** Puts the work tree back as it was, the removed files themselves where they could be set aside. */
  undo: () => Promise<void>;
  /** Forgets how to undo: the files set aside are deleted. */
  keep: () => void;
}

/**
 * Carries out `plan` (from `diffIndexTree`, against a work tree known to match the old tree) in the work tree
 * `dir`. First what can fail without touching a file of the user's: every directory written in is checked
 * writable, and every new entry is written in full (converted by `converter`, the new tree's, when given)
 * into `backupDir`. Then in git's order: tracked paths that go are removed (set aside into `backupDir`, a
 * fresh directory on the same file system where possible, so that undoing restores the very files, all their
 * stat data but the ctime a rename changes), the
 * directories this empties are removed unless the new tree keeps them (`keepDirectory`), new directories are
 * created, new and changed entries linked into place from where they were written (written through
 * {@link writeWorkTreeBlob} in place when `backupDir` is on another file system), and executable bits flipped.
 * So a full disk or a read-only directory fails before any file was moved (moving one and back changes its
 * ctime, and git would then rewrite the index at its next look); what may still fail after is a rare error of
 * a rename or a directory made or removed.
 * Untracked files are never touched: a directory that still holds some is left in place.
 *
 * Every step is journaled; when one fails (a full disk, a read-only directory, a missing blob, a `required`
 * filter) the steps done are undone in reverse order and the error is rethrown. On success the caller decides: `keep` or `undo`.
 */
export async function applyTreeUpdate(args: {
  ctx: GitContext;
  dir: string;
  plan: TreeUpdatePlan;
  backupDir: string;
  keepDirectory: (directory: string) => boolean;
  converter?: Pick<WorkTreeConverter, 'convert'>;
  /** The old tree's converter, for a removed file written again from its blob on undo (another file system). */
  restoreConverter?: () => Promise<Pick<WorkTreeConverter, 'convert'> | undefined>;
}): Promise<AppliedTreeUpdate> {
  const { ctx, dir, plan, backupDir, keepDirectory, converter } = args;
  const fs = ctx.fs;
  const steps: Step[] = [];
  const written = new Map<string, nodeFs.BigIntStats>();
  const abs = (rel: string): string => path.join(dir, ...rel.split('/'));
  let backups = 0;
  let backupMade = false;

  const undo = async (): Promise<void> => {
    const errors: unknown[] = [];
    for (const step of steps.reverse()) {
      try {
        switch (step.kind) {
          case 'aside':
            fs.renameSync(step.backup, step.file);
            break;
          case 'deleted':
            fs.rmSync(abs(step.leaf.path), { force: true });
            await writeWorkTreeBlob({
              ctx,
              dir,
              file: step.leaf,
              converter: await args.restoreConverter?.(),
            });
            break;
          case 'created':
            fs.rmSync(step.file, { recursive: true, force: true });
            break;
          case 'mkdir':
            fs.rmdirSync(step.dir);
            break;
          case 'rmdir':
            fs.mkdirSync(step.dir);
            break;
          case 'chmod':
            fs.chmodSync(step.file, step.mode);
            break;
        }
      } catch (error) {
        errors.push(error);
      }
    }
    steps.length = 0;
    if (backupMade) fs.rmSync(backupDir, { recursive: true, force: true });
    if (errors.length > 0)
      throw new AggregateError(
        errors,
        `could not restore the working tree fully: ${(errors[0] as Error).message}`,
      );
  };

  const removeLeaf = (leaf: IndexTreeLeaf): void => {
    const file = abs(leaf.path);
    if (!backupMade) {
      fs.mkdirSync(backupDir, { recursive: true });
      backupMade = true;
    }
    const backup = path.join(backupDir, String(backups++));
    try {
      fs.renameSync(file, backup);
      steps.push({ kind: 'aside', file, backup });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      // Absent (a skip-worktree entry): nothing to remove.
      if (code === 'ENOENT') return;
      if (code !== 'EXDEV') throw error;
      // Another file system: removed for real, and written again from its blob if undone.
      fs.rmSync(file, { recursive: leaf.mode === 0o160000, force: true });
      steps.push({ kind: 'deleted', leaf });
    }
  };

  const removeEmptyTree = (target: string): void => {
    for (const name of fs.readdirSync(target)) removeEmptyTree(path.join(target, name));
    fs.rmdirSync(target);
    steps.push({ kind: 'rmdir', dir: target });
  };

  const emptied = new Set<string>();
  const parentOf = (rel: string): string => path.posix.dirname(rel);
  const collect = (node: IndexTreeNode): void => {
    if (node.kind === 'leaf') {
      removeLeaf(node);
      emptied.add(parentOf(node.path));
      return;
    }
    for (const child of node.children.values()) collect(child);
    emptied.add(node.path);
  };

  // Slots of files written ahead into the set-aside directory, by index in `plan.write`.
  const staged: Array<string | undefined> = [];
  try {
    // Everything that can fail for want of room or permission is done before any file of the user's is
    // touched: setting a file aside and moving it back changes its ctime, which makes git re-read it and
    // rewrite the index the next time it looks (`git status`), so an undo could never leave things as they
    // were. First each directory written in must be writable; then every new entry is written in full into
    // the set-aside directory, to be linked into place once the old ones are gone.
    preflight(fs, plan, abs);
    if (plan.write.length > 0) {
      fs.mkdirSync(path.join(backupDir, 'new'), { recursive: true });
      backupMade = true;
    }
    await stageWrites({ ctx, plan, converter, into: path.join(backupDir, 'new'), staged });
    for (const leaf of plan.removeLeaves) collect(leaf);
    for (const tree of plan.removeDirs) collect(tree);
    // Deepest first, each directory left empty and not in the new tree; then its parents in turn.
    const pending = [...emptied].filter((d) => d !== '.' && d !== '');
    pending.sort((a, b) => b.split('/').length - a.split('/').length);
    const seen = new Set<string>();
    while (pending.length > 0) {
      const directory = pending.shift()!;
      if (seen.has(directory) || keepDirectory(directory)) continue;
      seen.add(directory);
      try {
        fs.rmdirSync(abs(directory));
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'ENOTEMPTY' || code === 'EEXIST' || code === 'ENOENT' || code === 'ENOTDIR') continue;
        throw error;
      }
      steps.push({ kind: 'rmdir', dir: abs(directory) });
      const parent = parentOf(directory);
      if (parent !== '.') {
        pending.push(parent);
        pending.sort((a, b) => b.split('/').length - a.split('/').length);
      }
    }
    for (const directory of plan.directories) {
      const target = abs(directory);
      try {
        fs.mkdirSync(target);
        steps.push({ kind: 'mkdir', dir: target });
      } catch (error) {
        // An untracked directory already there is used as it is, as git does.
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || !fs.lstatSync(target).isDirectory())
          throw error;
      }
    }
    for (const [i, file] of plan.write.entries()) {
      const target = abs(file.path);
      // An empty directory where the file goes (what removing a tracked one left, or an untracked one
      // holding nothing but empty directories: the checks let nothing else through) is removed, as git does.
      if (fs.lstatSync(target, { throwIfNoEntry: false })?.isDirectory()) removeEmptyTree(target);
      try {
        if (!placeStaged(fs, staged[i], target)) await writeWorkTreeBlob({ ctx, dir, file, converter });
        written.set(file.path, fs.lstatSync(target, { bigint: true }));
      } catch (error) {
        // A partly written file is removed by the writer; a submodule directory made before a failure is not.
        if (fs.existsSync(target) && (error as NodeJS.ErrnoException).code !== 'EEXIST')
          fs.rmSync(target, { recursive: true, force: true });
        throw error;
      }
      steps.push({ kind: 'created', file: target });
    }
    for (const file of plan.chmod) {
      const target = abs(file.path);
      const before = fs.lstatSync(target).mode & 0o7777;
      // As git leaves a file it writes: 0777 or 0666 less the umask.
      fs.chmodSync(target, (file.mode === 0o100755 ? 0o777 : 0o666) & ~UMASK);
      steps.push({ kind: 'chmod', file: target, mode: before });
      written.set(file.path, fs.lstatSync(target, { bigint: true }));
    }
  } catch (error) {
    await undo().catch((undoError: unknown) => {
      throw new AggregateError(
        [error, undoError],
        `${(error as Error).message}; ${(undoError as Error).message}`,
      );
    });
    throw error;
  }
  return {
    written,
    undo,
    keep: () => {
      steps.length = 0;
      if (backupMade) fs.rmSync(backupDir, { recursive: true, force: true });
    },
  };
}

/**
 * Fails, before anything is changed, where a step would fail for want of permission: a directory an entry is
 * removed from or created in that this process may not write to (EACCES, EROFS, naming the directory), a file
 * whose executable bit flips that it does not own (EPERM).
 */
function preflight(fs: typeof nodeFs, plan: TreeUpdatePlan, abs: (rel: string) => string): void {
  const parents = new Set<string>();
  const visit = (node: IndexTreeNode): void => {
    parents.add(path.posix.dirname(node.path));
    if (node.kind === 'dir') for (const child of node.children.values()) visit(child);
  };
  for (const leaf of plan.removeLeaves) visit(leaf);
  for (const tree of plan.removeDirs) visit(tree);
  for (const rel of [...plan.directories, ...plan.write.map((file) => file.path)])
    parents.add(path.posix.dirname(rel));
  for (const rel of parents) {
    const directory = rel === '.' ? abs('') : abs(rel);
    // One not there yet is made by the update itself, in a parent checked here.
    if (!fs.lstatSync(directory, { throwIfNoEntry: false })?.isDirectory()) continue;
    fs.accessSync(directory, fs.constants.W_OK);
  }
  const uid = process.getuid?.();
  if (uid === undefined || uid === 0) return;
  for (const file of plan.chmod) {
    const target = abs(file.path);
    if (fs.lstatSync(target).uid !== uid)
      throw Object.assign(new Error(`operation not permitted, chmod '${target}'`), {
        code: 'EPERM',
        syscall: 'chmod',
        path: target,
      });
  }
}

/**
 * Writes every new entry of `plan` in full into the directory `into` (one slot per entry, named by its
 * index), converted for its own path, and records the slots in `staged`. Blobs are read a little ahead of
 * the writes: reading is the slow part (a file read and an inflate for a loose object), and a bounded window
 * keeps memory flat however many files change.
 */
async function stageWrites(args: {
  ctx: GitContext;
  plan: TreeUpdatePlan;
  converter?: Pick<WorkTreeConverter, 'convert'>;
  into: string;
  staged: Array<string | undefined>;
}): Promise<void> {
  const { ctx, plan, converter, into, staged } = args;
  const ahead = new Map<number, Promise<unknown>>();
  const prefetch = (i: number): void => {
    const file = plan.write[i];
    if (file && !ahead.has(i) && file.mode !== 0o160000)
      ahead.set(
        i,
        readObject(ctx, file.oid).catch(() => undefined),
      );
  };
  for (let i = 0; i < READ_AHEAD; i++) prefetch(i);
  for (const [i, file] of plan.write.entries()) {
    await ahead.get(i);
    ahead.delete(i);
    prefetch(i + READ_AHEAD);
    const slot = { path: String(i), oid: file.oid, mode: file.mode };
    // Converted as the file at its own path, where its attributes apply.
    const forPath = converter && {
      convert: (_: string, oid: string, blob: Parameters<WorkTreeConverter['convert']>[2]) =>
        converter.convert(file.path, oid, blob),
    };
    await writeWorkTreeBlob({ ctx, dir: into, file: slot, ...(forPath && { converter: forPath }) });
    staged[i] = path.join(into, slot.path);
  }
}

/**
 * Moves the staged entry `from` to `target`, where nothing may be: a file or symbolic link is linked (which,
 * unlike a rename, never replaces what appeared there since the checks) and its slot unlinked before its stat
 * data is taken. False when it cannot be moved across file systems (EXDEV): the caller writes it in place.
 */
function placeStaged(fs: typeof nodeFs, from: string | undefined, target: string): boolean {
  if (from === undefined) return false;
  try {
    if (fs.lstatSync(from).isDirectory()) {
      if (fs.lstatSync(target, { throwIfNoEntry: false }))
        throw Object.assign(new Error(`file already exists, rename '${target}'`), {
          code: 'EEXIST',
          path: target,
        });
      fs.renameSync(from, target);
    } else {
      fs.linkSync(from, target);
      fs.unlinkSync(from);
    }
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EXDEV') return false;
    throw error;
  }
}
