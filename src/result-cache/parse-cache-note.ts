import type { RecordedRun } from '../core/types.js';

/** One line of a result-cache note: a job's recorded run on the annotated tree, under its cache key. */
export interface NoteEntry {
  job: string;
  key: string;
  run: RecordedRun;
}

const RESULTS = new Set(['SUCCESS', 'FAILURE', 'RETRY_LIMIT']);

/**
 * Parses a result-cache note: one JSON object per line (`{"job","key","result","attempts","durationMs",
 * "at",…}`). Lines that are not entries (blank, hand-written, from a newer specgate) are left out. When
 * one key has several lines — two notes refs merged with `git notes merge -s cat_sort_uniq` — the latest
 * run (`at`) answers.
 */
export function parseCacheNote(text: string): Map<string, NoteEntry> {
  const entries = new Map<string, NoteEntry>();
  for (const line of text.split('\n')) {
    const entry = parseLine(line);
    if (entry === undefined) continue;
    const known = entries.get(entry.key);
    if (known === undefined || known.run.at <= entry.run.at) entries.set(entry.key, entry);
  }
  return entries;
}

/**
 * The note `old` with `entries` written in: each replaces the lines of its key, every other line (other
 * jobs' entries, lines this specgate does not understand) is kept. Lines are sorted, so that the same
 * entries always give the same note and `git notes merge -s cat_sort_uniq` can combine two notes refs.
 */
export function writeCacheNote(old: string | undefined, entries: readonly NoteEntry[]): string {
  const replaced = new Set(entries.map((entry) => entry.key));
  const kept = (old ?? '').split('\n').filter((line) => line.trim() !== '' && !replaced.has(parseLine(line)?.key ?? ''));
  const lines = [...kept, ...entries.map(formatLine)];
  return `${[...new Set(lines)].sort().join('\n')}\n`;
}

function formatLine(entry: NoteEntry): string {
  return JSON.stringify({ job: entry.job, key: entry.key, ...entry.run });
}

function parseLine(line: string): NoteEntry | undefined {
  if (!line.startsWith('{')) return undefined;
  let value: Record<string, unknown>;
  try {
    value = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  const { job, key, result, attempts, durationMs, at, message, childJobs, data, logTail } = value;
  if (typeof job !== 'string' || typeof key !== 'string' || typeof result !== 'string' || !RESULTS.has(result)) return undefined;
  if (typeof attempts !== 'number' || typeof durationMs !== 'number' || typeof at !== 'string') return undefined;
  const run: RecordedRun = { result: result as RecordedRun['result'], attempts, durationMs, at };
  if (typeof message === 'string') run.message = message;
  if (Array.isArray(childJobs) && childJobs.every((name) => typeof name === 'string')) run.childJobs = childJobs as string[];
  if (data !== null && typeof data === 'object' && !Array.isArray(data)) run.data = data as Record<string, unknown>;
  if (typeof logTail === 'string') run.logTail = logTail;
  return { job, key, run };
}
