import { compareHistories } from './compare-histories.js';
import type { GitContext } from '../git-context.js';
import type { CommitInfo } from '../object-database/read-commit.js';

/**
 * The commits a change brings by itself: reachable from `tip`, not from `target`, and not from any of the
 * `dependencies` (changes queued ahead that bring their own commits). Ordered oldest first, every commit
 * after its parents, as a replay must apply them.
 */
export async function listOwnCommits(
  ctx: GitContext,
  args: { tip: string; target: string; dependencies: string[] },
): Promise<CommitInfo[]> {
  const { tipOnly } = await compareHistories(ctx, args.tip, args.target);
  const theirs = new Set<string>();
  for (const dependency of args.dependencies) {
    for (const commit of (await compareHistories(ctx, dependency, args.target)).tipOnly)
      theirs.add(commit.oid);
  }
  const own = tipOnly.filter((commit) => !theirs.has(commit.oid));
  const byOid = new Map(own.map((commit) => [commit.oid, commit]));
  const ordered: CommitInfo[] = [];
  const placed = new Set<string>();
  // Iterative depth-first placement of parents first; `own` is newest first, so reverse for stability.
  for (const start of [...own].reverse()) {
    const stack: Array<{ commit: CommitInfo; expanded: boolean }> = [{ commit: start, expanded: false }];
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      if (placed.has(top.commit.oid)) {
        stack.pop();
        continue;
      }
      if (top.expanded) {
        placed.add(top.commit.oid);
        ordered.push(top.commit);
        stack.pop();
        continue;
      }
      top.expanded = true;
      for (const parent of top.commit.parents) {
        const inRange = byOid.get(parent);
        if (inRange && !placed.has(parent)) stack.push({ commit: inRange, expanded: false });
      }
    }
  }
  return ordered;
}
