import * as path from 'node:path';
import type { CacheSummary } from '../caches/survey-caches.js';
import { formatSize } from '../core/cache/format-size.js';
import { formatTable } from './format-table.js';

/**
 * Renders `specgate cache` for people: one line per cache (entries, size, last use, where, relative to
 * `cwd`), and the total under `.git/specgate` that `cache.max-size` bounds.
 */
export function renderCaches(caches: readonly CacheSummary[], options: { cwd: string }): string {
  const header = ['cache', 'entries', 'size', 'last used', 'where'].map((text) => ({ text }));
  const rows = caches.map((cache) => [
    { text: cache.kind },
    { text: String(cache.entries) },
    { text: formatSize(cache.bytes) },
    { text: cache.lastUsed ? cache.lastUsed.replace(/\.\d+Z$/, 'Z') : '-' },
    {
      text: cache.location.startsWith('refs/')
        ? cache.location
        : path.relative(options.cwd, cache.location) || '.',
    },
  ]);
  const files = caches
    .filter((cache) => cache.kind !== 'results')
    .reduce((sum, cache) => sum + cache.bytes, 0);
  const total = `${formatSize(files)} under .git/specgate (bounded by cache.max-size; results are git notes: cache clear --results)`;
  return `${[...formatTable([header, ...rows]), '', total].join('\n')}\n`;
}
