import fs from 'node:fs';
import type { PipelineResult } from '../core/types.js';
import type { Reporter } from './reporter.js';

/**
 * GitHub Actions' job summary: the Markdown summary appended to `file` (`$GITHUB_STEP_SUMMARY`). The
 * verdict matters more than the summary: a file that cannot be written is a warning on `stderr`, and the
 * run keeps its exit status.
 */
export function stepSummaryReporter(args: { file: string; stderr: NodeJS.WritableStream }): Reporter {
  return {
    name: 'step-summary',
    async write(result: PipelineResult) {
      try {
        const { renderStepSummary } = await import('./render-step-summary.js');
        fs.appendFileSync(args.file, renderStepSummary(result));
      } catch (error) {
        const why = (error as Error).message;
        args.stderr.write(`specgate: warning: cannot write the step summary to ${args.file}: ${why}\n`);
      }
    },
  };
}
