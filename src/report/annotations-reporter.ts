import type { PipelineResult } from '../core/types.js';
import type { Reporter } from './reporter.js';

/** GitHub Actions annotations, one `::error` line per rejected change, on `stream` (stdout). */
export function annotationsReporter(args: { stream: NodeJS.WritableStream }): Reporter {
  return {
    name: 'annotations',
    async write(result: PipelineResult) {
      const { renderAnnotations } = await import('./render-annotations.js');
      args.stream.write(renderAnnotations(result));
    },
  };
}
