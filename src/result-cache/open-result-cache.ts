import { createResultCache, type CacheEntry, type ResultCache } from './create-result-cache.js';
import { gitNoteStore } from './git-note-store.js';
import type { NotesAccess } from './notes-access.js';

/**
 * The result cache of a run, kept as git notes on tree objects under `refs/notes/specgate`, so that
 * `git push`/`git fetch` of that ref share results between machines. The notes ref is read once, when
 * the first state is looked up.
 *
 * @param args.readStore false for `--no-cache`: every job runs, and its results are still kept.
 * @param args.given results handed in (shards' partial results): they answer first and are kept too.
 */
export function openResultCache(args: {
  notes: NotesAccess;
  readStore: boolean;
  given?: readonly CacheEntry[];
  warn?: (message: string) => void;
}): ResultCache {
  return createResultCache({
    store: gitNoteStore(args.notes),
    readStore: args.readStore,
    given: args.given,
    warn: args.warn,
  });
}
