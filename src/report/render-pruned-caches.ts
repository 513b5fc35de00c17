import type { RemovedCacheEntries } from '../caches/remove-cache-entries.js';
import { formatSize } from '../core/cache/format-size.js';
import { countOf } from './count-of.js';

/** What `specgate cache prune` (or `cache clear` of file caches) says it removed: one line per entry, oldest first, and a total. */
export function renderPrunedCaches(pruned: RemovedCacheEntries): string {
  const lines = pruned.removed.map(
    (entry) =>
      `removed ${entry.kind} ${entry.path} (${formatSize(entry.bytes)}, last used ${entry.lastUsed})`,
  );
  lines.push(
    `Removed ${countOf(pruned.removed.length, 'entry').replace('entrys', 'entries')}, ${formatSize(pruned.freedBytes)}; ${formatSize(pruned.leftBytes)} left under .git/specgate.`,
  );
  return `${lines.join('\n')}\n`;
}
