import path from 'node:path';
import { UserError } from '../errors/specgate-error.js';
import type { GitContext } from './git-context.js';

/** What `fastForwardWorktree` found and did. */
export interface WorktreeFastForward<R> {
  /** True when `branch` is the branch checked out in this repository's working tree. */
  checkedOut: boolean;
  /**
   * Paths that stop the fast-forward: tracked files changed in the index or the working tree, and (when
   * `to` is given) untracked files the new commit would overwrite. Empty when nothing stands in the way.
   */
  blocking: string[];
  /** What `moveRef` returned, when it was called. */
  moved?: R;
}

/**
 * Moves a branch as `git merge --ff-only` does when that branch may be checked out. When `branch` is not
 * the checked-out branch (or the repository is bare) it just calls `moveRef`. When it is, it first checks,
 * with isomorphic-git's `statusMatrix`, that the index and working tree are clean (untracked files are
 * allowed unless the commit `to` has a file at the same path); if not, it returns the blocking paths
 * without calling `moveRef`. Otherwise it calls `moveRef` and, if that reports `updated`, checks the branch
 * out so the working tree and index follow it. Without `to` and `moveRef` it only checks (fail fast).
 */
export async function fastForwardWorktree<R extends { updated: boolean }>(args: {
  ctx: GitContext;
  /** Short branch name (`main`). */
  branch: string;
  /** The commit the branch moves to. */
  to?: string;
  /** Moves the ref (a compare-and-swap), called only when nothing blocks. */
  moveRef?: () => R;
}): Promise<WorktreeFastForward<R>> {
  const { ctx, branch, to, moveRef } = args;
  const { fs, dir, gitdir, cache } = ctx;
  if (!dir || !isCheckedOut(ctx, branch)) return { checkedOut: false, blocking: [], moved: moveRef?.() };
  if (gitdir !== path.dirname(ctx.objectsDir)) {
    throw new UserError('BAD_USAGE', `${branch} is checked out in a linked worktree (${dir}), which --merge cannot update`, {
      suggestion: 'run --merge from the main working tree, or check out another branch here',
    });
  }
  // Loaded only when a checked-out target must follow (`gate --merge`): isomorphic-git is a heavy import.
  const { default: git } = await import('isomorphic-git');
  const rows = await git.statusMatrix({ fs, dir, gitdir, cache });
  // [path, HEAD, workdir, stage]: 1,1,1 is unchanged; 0,2,0 is untracked.
  const blocking = rows.filter(([, head, work, stage]) => !(head === 1 && work === 1 && stage === 1) && !(head === 0 && work === 2 && stage === 0)).map(([file]) => file);
  const untracked = rows.filter(([, head, work, stage]) => head === 0 && work === 2 && stage === 0).map(([file]) => file);
  if (to && untracked.length > 0) {
    const there = await git.statusMatrix({ fs, dir, gitdir, cache, ref: to, filepaths: untracked });
    blocking.push(...there.filter(([file, head]) => head === 1 && untracked.includes(file)).map(([file]) => file));
  }
  if (blocking.length > 0 || !moveRef) return { checkedOut: true, blocking };
  const moved = moveRef();
  if (moved.updated) await git.checkout({ fs, dir, gitdir, ref: branch, cache });
  return { checkedOut: true, blocking, moved };
}

function isCheckedOut(ctx: GitContext, branch: string): boolean {
  try {
    return ctx.fs.readFileSync(path.join(ctx.gitdir, 'HEAD'), 'utf8').trim() === `ref: refs/heads/${branch}`;
  } catch {
    return false;
  }
}
