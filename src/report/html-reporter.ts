import path from 'node:path';
import type { PipelineResult } from '../core/types.js';
import { checkReportFile } from './check-report-file.js';
import { recordTimeline } from './record-timeline.js';
import type { Reporter } from './reporter.js';
import { writeReportFile } from './write-report-file.js';

/**
 * The picture of the run (`--html FILE`, relative to `cwd`): its `observer` stamps the run's events with
 * their time from the moment the reporter is made (the start of the run), and `write` renders them with the
 * result into one self-contained page (see `renderHtml`), written whole or not at all. `check` fails before
 * the run when the file could not be written (`BAD_USAGE`, exit 2, one line naming it). `now` and `clock`
 * are injectable for tests.
 */
export function htmlReporter(args: {
  cwd: string;
  given: string;
  now?: () => number;
  clock?: () => Date;
}): Reporter {
  const { given } = args;
  const file = path.resolve(args.cwd, given);
  const recorder = recordTimeline({ now: args.now, clock: args.clock });
  return {
    name: 'html',
    observer: recorder.observer,
    check: () => checkReportFile({ flag: 'html', file, given }),
    async write(result: PipelineResult) {
      // Loaded only when asked for: start-up is part of every run.
      const { renderHtml } = await import('./render-html.js');
      const content = renderHtml(result, recorder.timeline(), { htmlDir: path.dirname(file) });
      writeReportFile({ flag: 'html', file, given, content });
    },
  };
}
