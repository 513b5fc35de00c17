import { Chalk, type ChalkInstance } from 'chalk';

import type { Environment, ProgressStream } from './types.js';

/**
 * Returns a chalk instance whose colour level suits `stream` and the environment:
 *
 * - `FORCE_COLOR` wins when set (`0`/`false` off, `2` 256 colours, `3` truecolor, anything else basic), as
 *   in Node.js itself, so that colour can be forced into pipes and CI logs;
 * - otherwise a non-empty `NO_COLOR` turns colour off (https://no-color.org), even on a terminal;
 * - otherwise colour is on only when `stream` is a terminal and `TERM` is not `dumb`, at the depth the
 *   terminal reports.
 *
 * chalk's own default is computed once for `process.stdout` and ignores `NO_COLOR`, which is why the level
 * is decided here, per stream.
 */
export function createColors(stream: ProgressStream, env: Environment = process.env): ChalkInstance {
  return new Chalk({ level: colorLevel(stream, env) });
}

function colorLevel(stream: ProgressStream, env: Environment): 0 | 1 | 2 | 3 {
  const forced = env.FORCE_COLOR;
  if (forced !== undefined) {
    if (forced === '0' || forced === 'false') return 0;
    if (forced === '2') return 2;
    if (forced === '3') return 3;
    return 1;
  }
  if (env.NO_COLOR) return 0;
  if (!stream.isTTY || env.TERM === 'dumb') return 0;
  // A tty.WriteStream knows its depth (from TERM, COLORTERM…); other streams that claim to be terminals get
  // the basic 16 colours, which every terminal has.
  const depth = stream.getColorDepth?.(env) ?? 4;
  if (depth >= 24) return 3;
  if (depth >= 8) return 2;
  if (depth >= 4) return 1;
  return 0;
}
