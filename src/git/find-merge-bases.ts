import type { GitContext } from './git-context.js';
import { walkHistories } from './walk-histories.js';

/**
 * The best common ancestors of `a` and `b`, as `git merge-base --all` gives them (none for unrelated
 * histories), without reading the commits only one side has: the cheap question when a merge needs only
 * its base, even across a long history.
 *
 * @throws UserError `SHALLOW_BOUNDARY` when the merge base is beyond a shallow clone's boundary.
 */
export async function findMergeBases(ctx: GitContext, a: string, b: string): Promise<string[]> {
  return (await walkHistories(ctx, { tip: a, target: b, tipOnly: false })).mergeBases;
}
