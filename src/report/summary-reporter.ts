import type { PipelineResult } from '../core/types.js';
import type { Reporter } from './reporter.js';
import { terminalWidth } from './terminal-width.js';
import type { Environment, ProgressStream } from './types.js';

/**
 * The summary table for people, on `stream` (stdout), coloured when that stream takes colour: the one
 * place that chooses how a pipeline result is drawn, for `plan` as for `check` and `gate`. The table fits
 * {@link terminalWidth} (`COLUMNS`, else the terminal's, else 80).
 */
export function summaryReporter(args: { stream: ProgressStream; env: Environment }): Reporter {
  return {
    name: 'summary',
    async write(result: PipelineResult) {
      // Loaded only for people: --json (scripts, the bench) never draws a table.
      const [{ createColors }, { renderSummary }] = await Promise.all([
        import('./colors.js'),
        import('./render-summary.js'),
      ]);
      args.stream.write(
        renderSummary(result, {
          color: createColors(args.stream).level > 0,
          width: terminalWidth({ env: args.env, stream: args.stream }),
        }),
      );
    },
  };
}
