import type { NotesAccess } from './notes-access.js';
import { parseCacheNote } from './parse-cache-note.js';
import { RESULTS_REF } from './results-ref.js';
import { withNotes } from './with-notes.js';

/** How much `removeCachedResults` removed. */
export interface RemovedResults {
  results: number;
  trees: number;
}

/**
 * Forgets the job results kept on the trees in `trees`, or, without it, every result: the notes ref then
 * starts again from an empty commit with no history, and its reflog is removed, so that `git gc` can drop
 * the old notes. Only the notes ref (and its reflog) changes. A notes ref that cannot be read or updated
 * is a user error naming it (see `withNotes`).
 */
export async function removeCachedResults(args: {
  notes: NotesAccess;
  trees?: ReadonlySet<string>;
}): Promise<RemovedResults> {
  const { notes, trees } = args;
  let removed: RemovedResults = { results: 0, trees: 0 };
  await withNotes(() =>
    notes.update(RESULTS_REF, {
      message: trees ? `Notes removed by 'specgate cache clear'` : `Notes cleared by 'specgate cache clear'`,
      replace: trees === undefined,
      edit: async (current) => {
        const edits = new Map<string, null>();
        removed = { results: 0, trees: 0 };
        for (const [tree, blob] of current.notes) {
          if (trees && !trees.has(tree)) continue;
          edits.set(tree, null);
          removed.trees += 1;
          removed.results += parseCacheNote(await notes.readText(blob)).size;
        }
        return edits;
      },
    }),
  );
  if (trees === undefined) notes.removeReflog(RESULTS_REF);
  return removed;
}
