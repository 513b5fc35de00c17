import type { CachedResult } from '../core/types.js';
import { openRepository } from '../git/open-repository.js';
import { readCachedResults } from '../result-cache/read-cached-results.js';
import { resolveTrees } from './resolve-trees.js';

/**
 * `specgate cache list`: every job result the result cache holds (on the trees of `revisions`, when
 * given), newest first, then by tree and job.
 */
export async function listCachedResults(options: { cwd: string; revisions: string[] }): Promise<CachedResult[]> {
  const ctx = openRepository({ cwd: options.cwd });
  const wanted = options.revisions.length > 0 ? await resolveTrees(ctx, options.revisions) : undefined;
  try {
    return await readCachedResults({ ctx, trees: wanted === undefined ? undefined : new Set(wanted.keys()) });
  } finally {
    await ctx.objectDatabase.close();
  }
}
