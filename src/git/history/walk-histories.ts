import { UserError } from '../../errors/specgate-error.js';
import type { GitContext } from '../git-context.js';
import { newestFirst } from './newest-first.js';
import { PAINT, paintDownToCommon } from './paint-down-to-common.js';
import { readWalkCommit, type WalkCommit } from './read-walk-commit.js';
import { removeRedundant } from './remove-redundant.js';

/** How two commits' histories relate, by commit id. */
export interface HistoryWalk {
  /** The best common ancestors of the two commits (usually one; none for unrelated histories). */
  mergeBases: string[];
  /** Commits reachable from `tip` but not from `target`, newest first (unless not asked for). */
  tipOnly: string[];
}

/**
 * Walks the histories of `tip` and `target` together, newest commit first, painting each commit with the
 * side(s) it is reachable from, and stops as soon as every commit still queued is below a common ancestor
 * (git's paint-down-to-common). One walk gives both the merge bases and the commits only `tip` has, and it
 * touches only the commits between the two tips and their merge bases, not the whole history. Parents,
 * dates and generation numbers come from the commit-graph where it has the commit, and the walk is in
 * generation order where git's is (corrected commit dates). A shallow clone's boundary commits have no
 * parents; when the walk reaches one and finds no common ancestor, the result is unknowable. The merge
 * bases are git's get_merge_bases(tip, target), in its order (newest first), after its remove_redundant.
 *
 * @throws UserError `SHALLOW_BOUNDARY` when the merge base is beyond the shallow boundary.
 */
export function walkHistories(
  ctx: GitContext,
  args: { tip: string; target: string; tipOnly?: boolean },
): Promise<HistoryWalk> {
  const { tip, target } = args;
  // The queue resolution, the merge operations and the merge-base search ask about the same pairs again;
  // a walk for the merge bases alone can use a full walk of the same direction, or of the other one
  // when no two of its bases share a date (the order is by date, then by the order the walk found them,
  // which depends on the direction).
  const memo = ctx.objectDatabase.memo(walkHistories, () => new Map<string, Promise<HistoryWalk>>());
  const full = `${tip}..${target}`;
  const key = args.tipOnly === false ? `${tip}...${target}` : full;
  let walked = memo.get(key);
  if (walked) return walked;
  if (args.tipOnly === false) {
    const known = memo.get(full);
    if (known) return known;
    const reverse = memo.get(`${target}..${tip}`) ?? memo.get(`${target}...${tip}`);
    if (reverse) {
      walked = reverse.then(async (other) =>
        (await datesDiffer(ctx, other.mergeBases))
          ? { mergeBases: other.mergeBases, tipOnly: [] }
          : walk(ctx, tip, target, false),
      );
      memo.set(key, walked);
      return walked;
    }
  }
  memo.set(key, (walked = walk(ctx, tip, target, args.tipOnly !== false)));
  return walked;
}

/** Whether no two of `oids` have the same committer date. */
async function datesDiffer(ctx: GitContext, oids: readonly string[]): Promise<boolean> {
  const dates = await Promise.all(oids.map(async (oid) => (await readWalkCommit(ctx, oid)).committerTime));
  return new Set(dates).size === dates.length;
}

async function walk(
  ctx: GitContext,
  tip: string,
  target: string,
  wantTipOnly: boolean,
): Promise<HistoryWalk> {
  if (tip === target) return { mergeBases: [tip], tipOnly: [] };
  const { candidates, flags, commits, reachedShallow } = await paintDownToCommon(ctx, {
    ones: [tip],
    twos: [target],
    oneOnly: wantTipOnly,
  });
  if (candidates.length === 0 && reachedShallow) throw beyondBoundary(tip, target);
  const tipOnly: WalkCommit[] = [];
  if (wantTipOnly)
    for (const [oid, flag] of flags) {
      if (flag & PAINT.one && !(flag & PAINT.two)) tipOnly.push(commits.get(oid)!);
    }
  tipOnly.sort((a, b) => b.committerTime - a.committerTime);
  return {
    mergeBases: await newestFirst(ctx, await removeRedundant(ctx, candidates)),
    tipOnly: tipOnly.map((commit) => commit.oid),
  };
}

/**
 * The histories met no common commit, and the walk reached the shallow boundary: whether they share one
 * below it, and which, only more history can tell (git would refuse the merge as unrelated).
 */
function beyondBoundary(tip: string, target: string): UserError {
  return new UserError(
    'SHALLOW_BOUNDARY',
    `the merge base of ${tip.slice(0, 12)} and ${target.slice(0, 12)} is beyond the boundary of this shallow clone: ` +
      'fetch more history (`git fetch --deepen=N`, or `git fetch --unshallow`; on GitHub Actions `fetch-depth: 0`)',
  );
}
