import { parseCacheNote } from '../jobs/result-cache/cache-note.js';
import type { Adapters } from './adapters.js';
import { RESULTS_REF } from './git-note-store.js';
import { resolveTrees } from './resolve-trees.js';
import { withNotes } from './with-notes.js';

/** What `specgate cache clear` removed. */
export interface ClearedResults {
  results: number;
  trees: number;
}

/**
 * `specgate cache clear`: forgets the job results kept on the trees of `revisions`, or, with none, every
 * result: the notes ref then starts again from an empty commit with no history, and its reflog is
 * removed, so that `git gc` can drop the old notes. Only the notes ref (and its reflog) changes; nothing
 * else in the repository does.
 */
export async function clearCachedResults(options: { cwd: string; revisions: string[]; adapters: Adapters }): Promise<ClearedResults> {
  const repository = options.adapters.git.open({ cwd: options.cwd });
  const wanted = options.revisions.length > 0 ? await resolveTrees(repository, options.revisions) : undefined;
  let cleared: ClearedResults = { results: 0, trees: 0 };
  await withNotes(() => repository.notes.update(RESULTS_REF, {
    message: wanted ? `Notes removed by 'specgate cache clear'` : `Notes cleared by 'specgate cache clear'`,
    replace: wanted === undefined,
    edit: async (current) => {
      const removed = new Map<string, null>();
      cleared = { results: 0, trees: 0 };
      for (const [tree, blob] of current.notes) {
        if (wanted && !wanted.has(tree)) continue;
        removed.set(tree, null);
        cleared.trees += 1;
        cleared.results += parseCacheNote(await repository.notes.readText(blob)).size;
      }
      return removed;
    },
  }));
  if (wanted === undefined) repository.notes.removeReflog(RESULTS_REF);
  return cleared;
}
