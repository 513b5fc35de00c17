import { UserError } from '../../errors/specgate-error.js';
import type { GitContext } from '../git-context.js';
import { newestFirst } from './newest-first.js';
import { paintDownToCommon } from './paint-down-to-common.js';
import { removeRedundant } from './remove-redundant.js';
import { walkHistories } from './walk-histories.js';

/**
 * The best common ancestors of `a` and `b`, as `git merge-base --all a b` gives them and in its order
 * (newest first; none for unrelated histories), without reading the commits only one side has: the cheap
 * question when a merge needs only its base, even across a long history. `a` may be several commits: then
 * it stands for the virtual merge base merge-ort makes of them (merged in that order), whose history is
 * theirs, and the answer is get_merge_bases' for that virtual commit and `b` — one walk from all of them,
 * with the commit-graph and the shallow boundary as for two commits.
 *
 * @throws UserError `SHALLOW_BOUNDARY` when the merge base is beyond a shallow clone's boundary.
 */
export async function findMergeBases(
  ctx: GitContext,
  a: string | readonly string[],
  b: string,
): Promise<string[]> {
  const ones = typeof a === 'string' ? [a] : a;
  if (ones.length === 1)
    return (await walkHistories(ctx, { tip: ones[0], target: b, tipOnly: false })).mergeBases;
  if (ones.includes(b)) return [b];
  const { candidates, reachedShallow } = await paintDownToCommon(ctx, { ones, twos: [b] });
  if (candidates.length === 0 && reachedShallow) {
    throw new UserError(
      'SHALLOW_BOUNDARY',
      `the merge bases of ${b.slice(0, 12)} and the merge of ${ones.map((oid) => oid.slice(0, 12)).join(', ')} are beyond the boundary of this shallow clone: ` +
        'fetch more history (`git fetch --deepen=N`, or `git fetch --unshallow`; on GitHub Actions `fetch-depth: 0`)',
    );
  }
  return newestFirst(ctx, await removeRedundant(ctx, candidates));
}
