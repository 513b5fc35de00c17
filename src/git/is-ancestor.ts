import { UserError } from '../errors/specgate-error.js';
import type { GitContext } from './git-context.js';
import { readWalkCommit, type WalkCommit } from './read-walk-commit.js';
import { walkHistories } from './walk-histories.js';

/**
 * Whether `ancestor` is reachable from `descendant` (a commit is its own ancestor). With a commit-graph
 * holding `ancestor`, as git's `merge-base --is-ancestor`: a commit of no lower generation cannot be an
 * ancestor, and the walk down from `descendant` never goes below `ancestor`'s generation. Without one,
 * the merge-base walk answers it, which stops at the common ancestors instead of walking all history.
 * In a shallow clone the answer is git's there: the boundary commits have no parents.
 */
export async function isAncestor(ctx: GitContext, ancestor: string, descendant: string): Promise<boolean> {
  if (ancestor === descendant) return true;
  const [low, high] = await Promise.all([readWalkCommit(ctx, ancestor), readWalkCommit(ctx, descendant)]);
  if (low.generation === Number.POSITIVE_INFINITY) {
    // `ancestor` is an ancestor exactly when it is the merge base; for git, beyond a shallow boundary
    // nothing is common, so it is not.
    const walked = await walkHistories(ctx, { tip: ancestor, target: descendant, tipOnly: false }).catch((error: unknown) => {
      if (error instanceof UserError && error.code === 'SHALLOW_BOUNDARY') return undefined;
      throw error;
    });
    return walked?.mergeBases.includes(ancestor) === true;
  }
  // Generations grow strictly from parent to child.
  if (low.generation >= high.generation) return false;
  const seen = new Set<string>([descendant]);
  const stack: WalkCommit[] = [high];
  while (stack.length > 0) {
    const commit = stack.pop()!;
    for (const parent of commit.parents) {
      if (parent === ancestor) return true;
      if (seen.has(parent)) continue;
      seen.add(parent);
      const next = await readWalkCommit(ctx, parent);
      if (next.generation > low.generation) stack.push(next);
    }
  }
  return false;
}
