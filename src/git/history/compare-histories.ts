import type { GitContext } from '../git-context.js';
import { readCommit, type CommitInfo } from '../object-database/read-commit.js';
import { walkHistories } from './walk-histories.js';

/** How two commits' histories relate. */
export interface HistoryComparison {
  /** The best common ancestors of the two commits (usually one; none for unrelated histories). */
  mergeBases: string[];
  /** Commits reachable from `tip` but not from `target`, newest first: the commits a change brings. */
  tipOnly: CommitInfo[];
}

/**
 * The merge bases of `tip` and `target` and the commits only `tip` has, read in full (their messages
 * carry `Depends-On:` footers): `walkHistories` (one walk for both, git's paint-down-to-common, with the
 * commit-graph and the shallow boundary) and a read of each tip-only commit. Memoised in the object database.
 *
 * @throws UserError `SHALLOW_BOUNDARY` when the merge base is beyond a shallow clone's boundary.
 */
export function compareHistories(ctx: GitContext, tip: string, target: string): Promise<HistoryComparison> {
  const memo = ctx.objectDatabase.memo(compareHistories, () => new Map<string, Promise<HistoryComparison>>());
  const key = `${tip}..${target}`;
  let comparison = memo.get(key);
  if (!comparison) {
    comparison = walkHistories(ctx, { tip, target }).then(async ({ mergeBases, tipOnly }) => ({
      mergeBases,
      tipOnly: await Promise.all(tipOnly.map((oid) => readCommit(ctx, oid))),
    }));
    memo.set(key, comparison);
  }
  return comparison;
}
