import { rm } from 'node:fs/promises';
import * as path from 'node:path';
import { selectEvictions } from '../core/cache/select-evictions.js';
import { acquireLock } from '../jobs/prepare/acquire-lock.js';
import { discardCacheEntry } from '../jobs/prepare/discard-cache-entry.js';
import type { CacheEntry, CacheKind, CacheSurvey } from './survey-caches.js';

/** What {@link removeCacheEntries} removed, oldest first, and what it left. */
export interface RemovedCacheEntries {
  removed: Array<{ kind: CacheKind; path: string; bytes: number; lastUsed: string }>;
  freedBytes: number;
  /** Bytes left in the caches under `.git/specgate` (results, which are git notes, not counted). */
  leftBytes: number;
}

/**
 * Removes entries of the caches in `survey` (of `kinds` only, when given), least recently used first,
 * until those left take at most `maxBytes` and none was last used before `olderThanMs` ago. Never removes
 * an entry in use, one under a path in `protect` or used since `keepUsedSinceMs` (what the current run uses), or a prepared workspace whose
 * lock is held; nothing outside the entries surveyed is touched. An entry that cannot be removed is left.
 */
export async function removeCacheEntries(args: {
  survey: CacheSurvey;
  maxBytes?: number;
  olderThanMs?: number;
  kinds?: readonly CacheKind[];
  protect?: readonly string[];
  /** Entries used at or after this time are kept (what the current run, or one beside it, uses). */
  keepUsedSinceMs?: number;
  nowMs: number;
}): Promise<RemovedCacheEntries> {
  const protect = (args.protect ?? []).map((p) => path.resolve(p));
  const isProtected = (entry: CacheEntry) =>
    protect.some((p) => p === entry.path || p.startsWith(entry.path + path.sep));
  const considered = args.survey.entries.filter((entry) => !args.kinds || args.kinds.includes(entry.kind));
  const byPath = new Map(considered.map((entry) => [entry.path, entry]));
  const chosen = selectEvictions({
    entries: considered.map((entry) => ({
      id: entry.path,
      bytes: entry.bytes,
      lastUsedMs: entry.lastUsedMs,
      inUse:
        entry.inUse ||
        isProtected(entry) ||
        (args.keepUsedSinceMs !== undefined && entry.lastUsedMs >= args.keepUsedSinceMs),
    })),
    maxBytes: args.maxBytes,
    olderThanMs: args.olderThanMs,
    nowMs: args.nowMs,
  });
  const removed: RemovedCacheEntries['removed'] = [];
  for (const { id } of chosen) {
    const entry = byPath.get(id)!;
    if (await removeEntry(entry).catch(() => false))
      removed.push({
        kind: entry.kind,
        path: entry.path,
        bytes: entry.bytes,
        lastUsed: new Date(entry.lastUsedMs).toISOString(),
      });
  }
  const freedBytes = removed.reduce((sum, entry) => sum + entry.bytes, 0);
  const total = args.survey.entries.reduce((sum, entry) => sum + entry.bytes, 0);
  return { removed, freedBytes, leftBytes: total - freedBytes };
}

async function removeEntry(entry: CacheEntry): Promise<boolean> {
  if (entry.kind !== 'workspaces') {
    await rm(entry.path, { recursive: true, force: true });
    return true;
  }
  // A workspace being stored or placed holds its lock: leave it.
  const cacheDir = path.dirname(entry.path);
  const key = path.basename(entry.path);
  const lock = await acquireLock({ path: path.join(cacheDir, `${key}.lock`), wait: false }).catch(
    () => undefined,
  );
  if (!lock) return false;
  try {
    return await discardCacheEntry({ cacheDir, key });
  } finally {
    await lock.release();
  }
}
