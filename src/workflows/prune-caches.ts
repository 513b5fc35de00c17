import type { RemovedCacheEntries } from '../caches/remove-cache-entries.js';
import type { CacheKind } from '../caches/survey-caches.js';
import type { Adapters } from './adapters.js';

/**
 * `specgate cache prune` (and `cache clear` of file caches, and the size bound kept after each run):
 * removes entries of the caches under `.git/specgate` (of `kinds`, when given), least recently used first,
 * until they take at most `maxBytes` and none is older than `olderThanMs`; never one in use or under
 * `protect`. Results (git notes) are not pruned here: `cache clear` forgets them.
 */
export async function pruneCaches(options: {
  cwd: string;
  maxBytes?: number;
  olderThanMs?: number;
  kinds?: readonly CacheKind[];
  protect?: readonly string[];
  now?: Date;
  adapters: Pick<Adapters, 'git' | 'caches'>;
}): Promise<RemovedCacheEntries> {
  const repository = options.adapters.git.open({ cwd: options.cwd });
  try {
    const { caches } = options.adapters;
    const survey = await caches.survey({
      gitdir: repository.gitdir,
      commonDir: repository.commonDir,
    });
    return await caches.remove({
      survey,
      maxBytes: options.maxBytes,
      olderThanMs: options.olderThanMs,
      kinds: options.kinds,
      protect: options.protect,
      nowMs: (options.now ?? new Date()).getTime(),
    });
  } finally {
    await repository.close();
  }
}
