import { isCommandNotFound } from '../core/jobs/is-command-not-found.js';
import { isRepeatableResult } from '../core/jobs/is-repeatable-result.js';
import type { RecordedRun } from '../core/types.js';

/** One line of a result-cache note: a job's recorded run on the annotated tree, under its cache key. */
export interface NoteEntry {
  job: string;
  key: string;
  run: RecordedRun;
}

/**
 * One line of a result-cache note as an entry, or undefined for a line that is not one (blank,
 * hand-written, from a newer specgate, or missing a field this specgate needs) or that an older specgate
 * should not have kept (a command not found). Unknown fields are ignored.
 */
export function parseCacheLine(line: string): NoteEntry | undefined {
  if (!line.startsWith('{')) return undefined;
  let value: Record<string, unknown>;
  try {
    value = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  const { job, key, result, attempts, durationMs, at, message, childJobs, data, logTail, change } = value;
  if (
    typeof job !== 'string' ||
    typeof key !== 'string' ||
    typeof result !== 'string' ||
    !isRepeatableResult(result)
  )
    return undefined;
  if (typeof attempts !== 'number' || typeof durationMs !== 'number' || typeof at !== 'string')
    return undefined;
  // Kept by a specgate that still cached a command not found: the machine's fault, never served.
  if (isCommandNotFound({ result, message: typeof message === 'string' ? message : undefined }))
    return undefined;
  const run: RecordedRun = { result, attempts, durationMs, at };
  if (typeof message === 'string') run.message = message;
  if (Array.isArray(childJobs) && childJobs.every((name) => typeof name === 'string'))
    run.childJobs = childJobs as string[];
  if (data !== null && typeof data === 'object' && !Array.isArray(data))
    run.data = data as Record<string, unknown>;
  if (typeof logTail === 'string') run.logTail = logTail;
  if (typeof change === 'string') run.change = change;
  return { job, key, run };
}
