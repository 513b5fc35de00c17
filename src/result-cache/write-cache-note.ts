import { parseCacheLine, type NoteEntry } from './parse-cache-line.js';

/**
 * The note `old` with `entries` written in: each replaces the lines of its key, every other line (other
 * jobs' entries, lines this specgate does not understand) is kept. Lines are sorted, so that the same
 * entries always give the same note and `git notes merge -s cat_sort_uniq` can combine two notes refs.
 */
export function writeCacheNote(old: string | undefined, entries: readonly NoteEntry[]): string {
  const replaced = new Set(entries.map((entry) => entry.key));
  const kept = (old ?? '')
    .split('\n')
    .filter((line) => line.trim() !== '' && !replaced.has(parseCacheLine(line)?.key ?? ''));
  const lines = [...kept, ...entries.map(formatLine)];
  return `${[...new Set(lines)].sort().join('\n')}\n`;
}

function formatLine(entry: NoteEntry): string {
  return JSON.stringify({ job: entry.job, key: entry.key, ...entry.run });
}
