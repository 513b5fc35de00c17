import { parseDuration } from '../core/cache/parse-duration.js';
import { parseSize } from '../core/cache/parse-size.js';
import { UserError } from '../errors/specgate-error.js';

/**
 * `--max-size` and `--older-than` as bytes and milliseconds; a value that does not parse is a one-line
 * user error (exit 2) naming the flag and showing what would.
 */
export function parseCacheBounds(flags: { 'max-size'?: string; 'older-than'?: string }): {
  maxBytes?: number;
  olderThanMs?: number;
} {
  const bounds: { maxBytes?: number; olderThanMs?: number } = {};
  if (flags['max-size'] !== undefined) {
    bounds.maxBytes = parseSize(flags['max-size']);
    if (bounds.maxBytes === undefined)
      throw new UserError('BAD_USAGE', `--max-size: '${flags['max-size']}' is not a size`, {
        suggestion: 'give a number of bytes with a unit, as 2GB, 500MB or 1.5GiB',
      });
  }
  if (flags['older-than'] !== undefined) {
    bounds.olderThanMs = parseDuration(flags['older-than']);
    if (bounds.olderThanMs === undefined)
      throw new UserError('BAD_USAGE', `--older-than: '${flags['older-than']}' is not a duration`, {
        suggestion: 'give a number with a unit, as 30d, 12h, 45m or 1d12h',
      });
  }
  return bounds;
}
