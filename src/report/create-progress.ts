import { createColors } from './colors.js';
import { createPlainProgress } from './create-plain-progress.js';
import { isInteractive } from './is-interactive.js';
import type { Progress, ProgressStream } from './types.js';

export type { Progress, ProgressStream } from './types.js';

/**
 * Chooses and starts the live progress view of a run:
 *
 * - with `quiet`, a view that shows nothing but warnings (`--json` runs do not ask for it: their progress
 *   goes to stderr like any other run's, and stdout holds the JSON alone);
 * - on an interactive terminal (see `isInteractive`: a TTY, not CI, not `TERM=dumb`), a listr2 view redrawn
 *   in place, coloured by `createColors(stream)`;
 * - elsewhere (CI, pipes, files), plain `[change] …` lines without colour.
 *
 * `interactive` overrides the detection (tests, or a future `--progress` flag). Call `stop()` once the run
 * is over, before printing the summary, so that the live view is finished first.
 */
export async function createProgress(args: {
  stream: ProgressStream;
  interactive?: boolean;
  quiet?: boolean;
}): Promise<Progress> {
  const { stream, quiet = false } = args;
  // Warnings go to stderr even then: they are not part of the result.
  if (quiet)
    return { warning: (message) => stream.write(`specgate: warning: ${message}\n`), stop: async () => {} };
  const interactive = args.interactive ?? isInteractive(stream);
  if (!interactive) return createPlainProgress({ stream });
  // Loaded only for a terminal: listr2 is the heaviest import of a run, and CI and pipes never need it.
  const { createListrProgress } = await import('./create-listr-progress.js');
  return createListrProgress({ stream, colors: createColors(stream) });
}
