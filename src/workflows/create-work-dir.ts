import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { UserError } from '../errors/specgate-error.js';

/** Where the state directories of a run go, and how to clean them up. */
export interface WorkDir {
  /** Returns a new, not yet existing directory path for the state of `change`. */
  nextStateDir(change: string): string;
  /** Removes what the run created here (everything, for a temporary directory), unless kept. */
  cleanup(options: { keep: boolean }): Promise<void>;
}

/**
 * Prepares the directory that holds the state checkouts: `requested` (created if missing) or a fresh
 * temporary directory. Cleanup removes only the state directories this run created in a requested
 * directory, and the whole temporary directory otherwise.
 */
export async function createWorkDir(args: { requested?: string }): Promise<WorkDir> {
  let root: string;
  if (args.requested) {
    root = path.resolve(args.requested);
    await fs.mkdir(root, { recursive: true }).catch((error: NodeJS.ErrnoException) => {
      throw new UserError('WORK_DIR', `cannot use --work-dir ${root}: ${error.code ?? error.message}`);
    });
  } else {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'specgate-'));
  }
  const created: string[] = [];
  return {
    nextStateDir(change) {
      const slug = change.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 60) || 'change';
      const dir = path.join(root, `${String(created.length + 1).padStart(2, '0')}-${slug}`);
      created.push(dir);
      return dir;
    },
    async cleanup({ keep }) {
      if (keep) return;
      if (args.requested) await Promise.all(created.map((dir) => fs.rm(dir, { recursive: true, force: true })));
      else await fs.rm(root, { recursive: true, force: true });
    },
  };
}
