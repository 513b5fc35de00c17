import { parseCacheLine, type NoteEntry } from './parse-cache-line.js';

/**
 * Parses a result-cache note: one JSON object per line (`{"job","key","result","attempts","durationMs",
 * "at",…}`). Lines that are not entries (blank, hand-written, from a newer specgate) are left out. When
 * one key has several lines — two notes refs merged with `git notes merge -s cat_sort_uniq` — the latest
 * run (`at`) answers.
 */
export function parseCacheNote(text: string): Map<string, NoteEntry> {
  const entries = new Map<string, NoteEntry>();
  for (const line of text.split('\n')) {
    const entry = parseCacheLine(line);
    if (entry === undefined) continue;
    const known = entries.get(entry.key);
    if (known === undefined || known.run.at <= entry.run.at) entries.set(entry.key, entry);
  }
  return entries;
}
