import { writeCacheNote } from '../../../src/result-cache/write-cache-note.js';
import type { RecordedRun } from '../../../src/core/types.js';

/** A tree id made of one repeated character. */
export const tree = (char: string) => char.repeat(40);

/** A result-cache note holding one run per `[job, key, result, at]`. */
export function cacheNote(...runs: Array<[string, string, RecordedRun['result'], string]>): string {
  return writeCacheNote(
    undefined,
    runs.map(([job, key, result, at]) => ({
      job,
      key,
      run: { result, attempts: 1, durationMs: 10, at, logTail: 'tail\n' },
    })),
  );
}
