import nodeFs from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { UserError } from '../errors/specgate-error.js';
import { withPath } from '../errors/with-path.js';
import { makeDirectories } from '../git/checkout/make-directories.js';

/** Where the state directories of a run go, and how to clean them up. */
export interface WorkDir {
  /**
   * Creates a new, empty directory for the state of `change` and returns its path. It is made
   * exclusively: a directory already there under the chosen name (a user's, a state kept by `--keep`, a
   * concurrent run's) is never reused, and another name is taken.
   */
  createStateDir(change: string): Promise<string>;
  /** Removes what the run created here (everything, for a temporary directory), unless kept. */
  cleanup(options: { keep: boolean }): Promise<void>;
}

/** Names tried for one state before giving up: far more than concurrent runs sharing a directory. */
const MAX_TRIES = 1000;

/**
 * Prepares the directory that holds the state checkouts: `requested` (`--work-dir`, created if missing) or
 * a temporary directory, made on the first state only, so that a run that checks nothing out (a fault
 * before any job, a result cache that answers everything) leaves nothing behind.
 *
 * specgate removes only what it created: cleanup removes the state directories this run made in a
 * requested directory (and the directory itself if this run made it and it is left empty), and the whole
 * temporary directory otherwise; after cleanup no state directory can be created any more.
 *
 * @throws UserError (`WORK_DIR`) when `requested` exists and is not a directory, or cannot be created.
 */
export async function createWorkDir(args: { requested?: string }): Promise<WorkDir> {
  let root: string | undefined;
  let madeRoot: string | undefined;
  if (args.requested) {
    root = path.resolve(args.requested);
    const given = root;
    madeRoot = await makeDirectories(nodeFs, root).catch((error: NodeJS.ErrnoException) => {
      const why =
        error.code === 'EEXIST' || error.code === 'ENOTDIR'
          ? 'it is not a directory'
          : (error.code ?? error.message);
      throw new UserError('WORK_DIR', `cannot use --work-dir ${given}: ${why}`, {
        suggestion: 'give a directory specgate may create and write',
        cause: error,
      });
    });
  }
  const created: string[] = [];
  let temporary: Promise<string> | undefined;
  let closed = false;
  let count = 0;
  return {
    async createStateDir(change) {
      if (closed) throw new Error('createStateDir: the work directory is already cleaned up');
      // Without --work-dir: a temporary directory, made once, by the first of the states checked out at
      // the same time; never again once cleaned up (`closed`): a late checkout of an interrupted run fails.
      if (!args.requested) {
        temporary ??= fs.mkdtemp(path.join(os.tmpdir(), 'specgate-')).catch((error: unknown) => {
          throw withPath(error, os.tmpdir());
        });
        root ??= await temporary;
      }
      if (root === undefined) throw new Error('createStateDir: no work directory');
      if (closed) throw new Error('createStateDir: the work directory is already cleaned up');
      count += 1;
      const slug = change.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 60) || 'change';
      const base = path.join(root, `${String(count).padStart(2, '0')}-${slug}`);
      let retried = false;
      for (let n = 1; n <= MAX_TRIES; n += 1) {
        const dir = n === 1 ? base : `${base}-${n}`;
        try {
          // Not recursive: the final component must be new, made by this call, or it is not ours.
          await fs.mkdir(dir);
        } catch (error) {
          const code = (error as NodeJS.ErrnoException).code;
          if (code === 'EEXIST') continue;
          // A concurrent run that had made the requested directory removed it, empty, as it ended.
          if (code === 'ENOENT' && args.requested && !retried) {
            retried = true;
            await makeDirectories(nodeFs, root).catch(() => undefined);
            n -= 1;
            continue;
          }
          throw withPath(error, dir);
        }
        created.push(dir);
        return dir;
      }
      throw new UserError(
        'WORK_DIR',
        `cannot create a state directory in ${root}: ${MAX_TRIES} names like ${base} are taken`,
        {
          suggestion: 'give an empty --work-dir',
        },
      );
    },
    async cleanup({ keep }) {
      closed = true;
      if (temporary !== undefined) root ??= await temporary.catch(() => undefined);
      if (keep || root === undefined) return;
      if (!args.requested) {
        await fs.rm(root, { recursive: true, force: true });
        return;
      }
      await Promise.all(created.map((dir) => fs.rm(dir, { recursive: true, force: true })));
      // Only directories this run made (`--work-dir a/b` may have made `a` too), and only when empty now.
      if (madeRoot === undefined) return;
      for (let dir = root; dir.startsWith(madeRoot); dir = path.dirname(dir)) {
        if (
          !(await fs.rmdir(dir).then(
            () => true,
            () => false,
          )) ||
          dir === madeRoot
        )
          break;
      }
    },
  };
}
