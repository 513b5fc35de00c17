import { removeCachedResults, type RemovedResults } from '../result-cache/remove-cached-results.js';
import type { Adapters } from './adapters.js';
import { resolveTrees } from './resolve-trees.js';

/** What `specgate cache clear` removed. */
export type ClearedResults = RemovedResults;

/**
 * `specgate cache clear`: forgets the job results kept on the trees of `revisions`, or, with none, every
 * result: the notes ref then starts again from an empty commit with no history, and its reflog is
 * removed, so that `git gc` can drop the old notes. Only the notes ref (and its reflog) changes; nothing
 * else in the repository does.
 */
export async function clearCachedResults(options: {
  cwd: string;
  revisions: string[];
  adapters: Adapters;
}): Promise<ClearedResults> {
  const repository = options.adapters.git.open({ cwd: options.cwd });
  try {
    const wanted =
      options.revisions.length > 0 ? await resolveTrees(repository, options.revisions) : undefined;
    return await removeCachedResults({ notes: repository.notes, trees: wanted && new Set(wanted.keys()) });
  } finally {
    await repository.close();
  }
}
