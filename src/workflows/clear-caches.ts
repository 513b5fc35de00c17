import type { RemovedCacheEntries } from '../caches/remove-cache-entries.js';
import type { CacheKind } from '../caches/survey-caches.js';
import { UserError } from '../errors/specgate-error.js';
import type { Adapters } from './adapters.js';
import { clearCachedResults, type ClearedResults } from './clear-cached-results.js';
import { pruneCaches } from './prune-caches.js';

/** What `specgate cache clear` removed: job results (when asked), and entries of the file caches (when asked). */
export type ClearedCaches = Partial<ClearedResults> & { files?: RemovedCacheEntries };

/**
 * `specgate cache clear`: forgets the job results (all, or those on the trees of `revisions`) when `kinds`
 * holds `results`, and removes every entry of the other caches in `kinds` (under `.git/specgate`) that no
 * running specgate uses. `revisions` narrow results only: with another kind they are a usage error.
 */
export async function clearCaches(options: {
  cwd: string;
  revisions: string[];
  kinds: readonly CacheKind[];
  adapters: Adapters;
}): Promise<ClearedCaches> {
  const files = options.kinds.filter((kind) => kind !== 'results');
  if (options.revisions.length > 0 && files.length > 0)
    throw new UserError('BAD_USAGE', `cache clear: revisions narrow job results only, not --${files[0]}`, {
      suggestion: `run cache clear ${options.revisions.join(' ')} and cache clear --${files[0]} apart`,
    });
  const cleared: ClearedCaches = options.kinds.includes('results')
    ? await clearCachedResults({ cwd: options.cwd, revisions: options.revisions, adapters: options.adapters })
    : {};
  if (files.length > 0)
    cleared.files = await pruneCaches({
      cwd: options.cwd,
      maxBytes: 0,
      kinds: files,
      adapters: options.adapters,
    });
  return cleared;
}
