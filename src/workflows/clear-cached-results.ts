import { readNoteText } from '../git/notes/read-note-text.js';
import { updateNotes } from '../git/notes/update-notes.js';
import { openRepository } from '../git/open-repository.js';
import { removeReflog } from '../git/refs/remove-reflog.js';
import { parseCacheNote } from '../jobs/result-cache/cache-note.js';
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
export async function clearCachedResults(options: { cwd: string; revisions: string[] }): Promise<ClearedResults> {
  const ctx = openRepository({ cwd: options.cwd });
  const wanted = options.revisions.length > 0 ? await resolveTrees(ctx, options.revisions) : undefined;
  let cleared: ClearedResults = { results: 0, trees: 0 };
  await withNotes(() => updateNotes(ctx, {
    ref: RESULTS_REF,
    message: wanted ? `Notes removed by 'specgate cache clear'` : `Notes cleared by 'specgate cache clear'`,
    replace: wanted === undefined,
    edit: async (current) => {
      const removed = new Map<string, null>();
      cleared = { results: 0, trees: 0 };
      for (const [tree, blob] of current.notes) {
        if (wanted && !wanted.has(tree)) continue;
        removed.set(tree, null);
        cleared.trees += 1;
        cleared.results += parseCacheNote(await readNoteText(ctx, blob)).size;
      }
      return removed;
    },
  }));
  if (wanted === undefined) removeReflog(ctx, RESULTS_REF);
  await ctx.objectDatabase.close();
  return cleared;
}
