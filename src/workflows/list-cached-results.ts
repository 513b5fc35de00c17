import type { CachedResult } from '../core/types.js';
import { parseCacheNote } from '../jobs/result-cache/cache-note.js';
import type { Adapters } from './adapters.js';
import { RESULTS_REF } from './git-note-store.js';
import { resolveTrees } from './resolve-trees.js';
import { withNotes } from './with-notes.js';

/**
 * `specgate cache list`: every job result the result cache holds (on the trees of `revisions`, when
 * given), newest first, then by tree and job.
 */
export async function listCachedResults(options: { cwd: string; revisions: string[]; adapters: Adapters }): Promise<CachedResult[]> {
  const repository = options.adapters.git.open({ cwd: options.cwd });
  const wanted = options.revisions.length > 0 ? await resolveTrees(repository, options.revisions) : undefined;
  const results: CachedResult[] = [];
  await withNotes(async () => {
    const { notes } = await repository.notes.read(RESULTS_REF);
    for (const [tree, blob] of notes) {
      if (wanted && !wanted.has(tree)) continue;
      for (const entry of parseCacheNote(await repository.notes.readText(blob)).values()) {
        const { logTail: _, childJobs: __, data: ___, ...run } = entry.run;
        results.push({ tree, job: entry.job, key: entry.key, ...run });
      }
    }
  });
  return results.sort((a, b) => (a.at !== b.at ? (a.at < b.at ? 1 : -1) : a.tree !== b.tree ? (a.tree < b.tree ? -1 : 1) : a.job < b.job ? -1 : 1));
}
