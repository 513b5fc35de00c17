import path from 'node:path';
import type { PipelineResult } from '../core/types.js';
import { checkReportFile } from './check-report-file.js';
import type { Reporter } from './reporter.js';
import { writeReportFile } from './write-report-file.js';

/**
 * The JUnit XML report of every job, written to `given` (`--junit FILE`, relative to `cwd`). `check`
 * fails before the run when the file could not be written (a missing or read-only place: `BAD_USAGE`,
 * exit 2); `write` writes it whole or not at all.
 */
export function junitReporter(args: { cwd: string; given: string }): Reporter {
  const { given } = args;
  const file = path.resolve(args.cwd, given);
  return {
    name: 'junit',
    check: () => checkReportFile({ flag: 'junit', file, given }),
    async write(result: PipelineResult) {
      // Loaded only when asked for: start-up is part of every run.
      const { renderJunit } = await import('./render-junit.js');
      writeReportFile({ flag: 'junit', file, given, content: renderJunit(result) });
    },
  };
}
