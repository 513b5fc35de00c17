import { Chalk } from 'chalk';
import type { CachedResult } from '../core/types.js';
import { colorResult } from './color-result.js';
import { countOf } from './count-of.js';
import { formatDuration } from './format-duration.js';
import { formatTable } from './format-table.js';
import { shortSha } from './short-sha.js';

/**
 * Renders `specgate cache list` for people: one line per kept result, and a count; with `revisions` (the
 * list was narrowed to their trees), an empty list says so rather than calling the whole cache empty.
 */
export function renderCachedResults(
  results: readonly CachedResult[],
  options: { color: boolean; revisions?: readonly string[] },
): string {
  const c = new Chalk({ level: options.color ? 1 : 0 });
  if (results.length === 0 && (options.revisions?.length ?? 0) > 0) {
    return `No result is kept on the tree${options.revisions!.length === 1 ? '' : 's'} of ${options.revisions!.join(', ')}: 0 results.\n`;
  }
  if (results.length === 0) return 'The result cache is empty (refs/notes/specgate holds no job result).\n';
  const header = ['tree', 'change', 'job', 'result', 'took', 'ran at', 'key'].map((text) => ({
    text,
    style: (t: string) => c.dim(t),
  }));
  const rows = results.map((result) => [
    { text: shortSha(result.tree) },
    // Kept by an older specgate, or handed over without it: only the tree is known.
    { text: result.change ?? '-' },
    { text: result.job },
    { text: result.result, style: (t: string) => colorResult(c, t as CachedResult['result']) },
    { text: formatDuration(result.durationMs) },
    { text: result.at },
    { text: result.key.slice(0, 12) },
  ]);
  const trees = new Set(results.map((result) => result.tree)).size;
  const total = `${countOf(results.length, 'result')} on ${countOf(trees, 'tree')}`;
  return `${[...formatTable([header, ...rows]), '', total].join('\n')}\n`;
}
