import type { CachedResult } from '../core/types.js';
import type { NotesAccess } from './notes-access.js';
import { parseCacheNote } from './parse-cache-note.js';
import { RESULTS_REF } from './results-ref.js';
import { withNotes } from './with-notes.js';

/**
 * Every job result the result cache holds (on the trees in `trees`, when given), without log tails,
 * child jobs or data, newest first, then by tree and job. A notes ref that cannot be read is a user error
 * naming it (see `withNotes`).
 */
export async function readCachedResults(args: {
  notes: NotesAccess;
  trees?: ReadonlySet<string>;
}): Promise<CachedResult[]> {
  const { notes: access, trees } = args;
  const results: CachedResult[] = [];
  await withNotes(async () => {
    const { notes } = await access.read(RESULTS_REF);
    for (const [tree, blob] of notes) {
      if (trees && !trees.has(tree)) continue;
      for (const entry of parseCacheNote(await access.readText(blob)).values()) {
        const { logTail: _, childJobs: __, data: ___, ...run } = entry.run;
        results.push({ tree, job: entry.job, key: entry.key, ...run });
      }
    }
  });
  return results.sort((a, b) =>
    a.at !== b.at
      ? a.at < b.at
        ? 1
        : -1
      : a.tree !== b.tree
        ? a.tree < b.tree
          ? -1
          : 1
        : a.job < b.job
          ? -1
          : 1,
  );
}
