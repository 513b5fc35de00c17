import { openRepository } from '../git/open-repository.js';
import { removeCachedResults, type RemovedResults } from '../result-cache/remove-cached-results.js';
import { resolveTrees } from './resolve-trees.js';

/** What `specgate cache clear` removed. */
export type ClearedResults = RemovedResults;

/**
 * `specgate cache clear`: forgets the job results kept on the trees of `revisions`, or, with none, every
 * result: the notes ref then starts again from an empty commit with no history, and its reflog is
 * removed, so that `git gc` can drop the old notes. Only the notes ref (and its reflog) changes; nothing
 * else in the repository does.
 */
export async function clearCachedResults(options: { cwd: string; revisions: string[] }): Promise<ClearedResults> {
  const ctx = openRepository({ cwd: options.cwd });
  const wanted = options.revisions.length > 0 ? await resolveTrees(ctx, options.revisions) : undefined;
  try {
    return await removeCachedResults({ ctx, trees: wanted === undefined ? undefined : new Set(wanted.keys()) });
  } finally {
    await ctx.objectDatabase.close();
  }
}
