import { createColors } from './colors.js';
import { createListrProgress } from './create-listr-progress.js';
import { createPlainProgress } from './create-plain-progress.js';
import { isInteractive } from './is-interactive.js';
import type { Progress, ProgressStream } from './types.js';

export type { Progress, ProgressStream } from './types.js';

/**
 * Chooses and starts the live progress view of a run:
 *
 * - with `quiet` (used for `--json`, whose stdout must hold nothing else), a view that shows nothing;
 * - on an interactive terminal (see `isInteractive`: a TTY, not CI, not `TERM=dumb`), a listr2 view redrawn
 *   in place, coloured by `createColors(stream)`;
 * - elsewhere (CI, pipes, files), plain `[change] …` lines without colour.
 *
 * `interactive` overrides the detection (tests, or a future `--progress` flag). Call `stop()` once the run
 * is over, before printing the summary, so that the live view is finished first.
 */
export function createProgress(args: { stream: ProgressStream; interactive?: boolean; quiet?: boolean }): Progress {
  const { stream, quiet = false } = args;
  if (quiet) return { stop: async () => {} };
  const interactive = args.interactive ?? isInteractive(stream);
  if (!interactive) return createPlainProgress({ stream });
  return createListrProgress({ stream, colors: createColors(stream) });
}
