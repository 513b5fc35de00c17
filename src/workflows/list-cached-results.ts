import type { CachedResult } from '../core/types.js';
import { readCachedResults } from '../result-cache/read-cached-results.js';
import type { Adapters } from './adapters.js';
import { resolveTrees } from './resolve-trees.js';

/**
 * `specgate cache list`: every job result the result cache holds (on the trees of `revisions`, when
 * given), newest first, then by tree and job.
 */
export async function listCachedResults(options: {
  cwd: string;
  revisions: string[];
  adapters: Adapters;
}): Promise<CachedResult[]> {
  const repository = options.adapters.git.open({ cwd: options.cwd });
  try {
    const wanted =
      options.revisions.length > 0 ? await resolveTrees(repository, options.revisions) : undefined;
    return await readCachedResults({ notes: repository.notes, trees: wanted && new Set(wanted.keys()) });
  } finally {
    await repository.close();
  }
}
