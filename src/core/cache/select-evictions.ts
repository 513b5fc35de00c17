/** One removable entry of a cache, as {@link selectEvictions} weighs it. */
export interface CacheEntryUse {
  /** Unique among the entries given. */
  id: string;
  bytes: number;
  /** When it was last used (ms since the epoch). */
  lastUsedMs: number;
  /** Used by a run now (or by the current run): never selected, though its bytes count. */
  inUse: boolean;
}

/**
 * The entries to remove, least recently used first (ties by id), so that what is left was used within
 * `olderThanMs` of `nowMs` and, together with the entries in use, takes at most `maxBytes`. Entries in use
 * are never selected, so the bound can stay exceeded when they alone exceed it. Without a bound, nothing.
 */
export function selectEvictions(args: {
  entries: CacheEntryUse[];
  maxBytes?: number;
  olderThanMs?: number;
  nowMs: number;
}): CacheEntryUse[] {
  const oldestFirst = [...args.entries].sort(
    (a, b) => a.lastUsedMs - b.lastUsedMs || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
  let total = oldestFirst.reduce((sum, entry) => sum + entry.bytes, 0);
  const cutoff = args.olderThanMs === undefined ? undefined : args.nowMs - args.olderThanMs;
  const selected: CacheEntryUse[] = [];
  for (const entry of oldestFirst) {
    if (entry.inUse) continue;
    const tooOld = cutoff !== undefined && entry.lastUsedMs < cutoff;
    const tooBig = args.maxBytes !== undefined && total > args.maxBytes;
    if (!tooOld && !tooBig) continue;
    selected.push(entry);
    total -= entry.bytes;
  }
  return selected;
}
