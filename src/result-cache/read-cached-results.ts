import type { CachedResult } from '../core/types.js';
import type { GitContext } from '../git/git-context.js';
import { readNoteText } from '../git/notes/read-note-text.js';
import { readNotes } from '../git/notes/read-notes.js';
import { parseCacheNote } from './parse-cache-note.js';
import { RESULTS_REF } from './results-ref.js';
import { withNotes } from './with-notes.js';

/**
 * Every job result the result cache holds (on the trees in `trees`, when given), without log tails,
 * child jobs or data, newest first, then by tree and job. A notes ref that cannot be read is a user error
 * naming it (see `withNotes`).
 */
export async function readCachedResults(args: {
  ctx: GitContext;
  trees?: ReadonlySet<string>;
}): Promise<CachedResult[]> {
  const { ctx, trees } = args;
  const results: CachedResult[] = [];
  await withNotes(async () => {
    const { notes } = await readNotes(ctx, { ref: RESULTS_REF });
    for (const [tree, blob] of notes) {
      if (trees && !trees.has(tree)) continue;
      for (const entry of parseCacheNote(await readNoteText(ctx, blob)).values()) {
        const { logTail: _, childJobs: __, data: ___, ...run } = entry.run;
        results.push({ tree, job: entry.job, key: entry.key, ...run });
      }
    }
  });
  return results.sort((a, b) => (a.at !== b.at ? (a.at < b.at ? 1 : -1) : a.tree !== b.tree ? (a.tree < b.tree ? -1 : 1) : a.job < b.job ? -1 : 1));
}
