import { checkIndependently } from '../core/check-independently.js';
import { gateInBatches } from '../core/gate-in-batches.js';
import { gateSpeculatively } from '../core/gate-speculatively.js';
import { summarizePipeline } from '../core/summarize-pipeline.js';
import type { Mode, PipelineResult } from '../core/types.js';
import { openPipeline, type RunOptions } from './open-pipeline.js';

export type { GateStrategy, RunOptions } from './open-pipeline.js';

/**
 * Runs one pipeline end to end: resolves the queue, builds and tests every state (independently for
 * `check`; for `gate`, speculatively in parallel or in batches, both giving serial merging's answer), and
 * returns the result. A job whose result on the state's tree the result cache holds does not run again;
 * every job that finishes is kept there (git notes, written once at the end, interrupted runs too).
 * State directories are removed at the end, on success, failure or interruption, unless `keep`.
 */
export async function runPipeline(mode: Mode, options: RunOptions): Promise<PipelineResult> {
  const pipeline = await openPipeline(mode, options);
  const { input, resolved } = pipeline;
  options.observer.queued?.(input.queue, input.target);
  try {
    const bundled =
      mode === 'check'
        ? { verdicts: await checkIndependently(input), builds: undefined }
        : options.strategy === 'batch'
          ? await gateInBatches(input)
          : await gateSpeculatively({ ...input, window: options.window });
    const { verdicts, builds } = pipeline.unbundle(bundled.verdicts, bundled.builds);
    const result = summarizePipeline({ mode, target: resolved.target, queue: resolved.queue, verdicts, builds });
    return { ...result, logDir: pipeline.logDir, ...(options.keep ? { keptStates: pipeline.keptStates } : {}) };
  } finally {
    await pipeline.close();
  }
}
