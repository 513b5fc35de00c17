import { checkIndependently } from '../core/queue/check-independently.js';
import { gateInBatches } from '../core/queue/gate-in-batches.js';
import { gateSpeculatively } from '../core/queue/gate-speculatively.js';
import type { StateOps } from '../core/queue/pipeline-types.js';
import { summarizePipeline } from '../core/queue/summarize-pipeline.js';
import type { Mode, PipelineResult, RunObserver } from '../core/types.js';
import { openPipeline, type RunOptions } from './open-pipeline.js';

export type { GateStrategy, RunOptions } from './open-pipeline.js';

/**
 * Runs one pipeline end to end: resolves the queue, builds and tests every state (independently for
 * `check`; for `gate`, speculatively in parallel or in batches, both giving serial merging's answer), and
 * returns the result. A job whose result on the state's tree the result cache holds does not run again;
 * every job that finishes is kept there (git notes, written once at the end, interrupted runs too).
 * State directories are removed at the end, on success, failure or interruption, unless `keep`.
 *
 * Once `signal` aborts (Ctrl-C), nothing new starts — no merge, no state — and the observer hears nothing
 * more: what is still stopping (a state being checked out, jobs being killed) is not progress, and the
 * run rejects with the signal's reason as soon as it has stopped and cleaned up.
 */
export async function runPipeline(mode: Mode, options: RunOptions): Promise<PipelineResult> {
  const observer = silencedOnAbort(options.observer, options.signal);
  const pipeline = await openPipeline(mode, { ...options, observer });
  const { resolved } = pipeline;
  const input = { ...pipeline.input, ops: stoppedOnAbort(pipeline.input.ops, options.signal) };
  observer.queued?.(input.queue, input.target);
  try {
    const bundled =
      mode === 'check'
        ? { verdicts: await checkIndependently(input), builds: undefined }
        : options.strategy === 'batch'
          ? await gateInBatches(input)
          : await gateSpeculatively({ ...input, window: options.window });
    const { verdicts, builds } = pipeline.unbundle(bundled.verdicts, bundled.builds);
    const result = summarizePipeline({
      mode,
      target: resolved.target,
      queue: resolved.queue,
      verdicts,
      builds,
    });
    return {
      ...result,
      logDir: pipeline.logDir,
      ...(options.keep ? { keptStates: pipeline.keptStates } : {}),
    };
  } finally {
    await pipeline.close();
  }
}

/** The observer, deaf from the moment `signal` aborts. */
function silencedOnAbort(observer: RunObserver, signal: AbortSignal): RunObserver {
  const quiet: RunObserver = {};
  for (const [name, handler] of Object.entries(observer) as Array<
    [keyof RunObserver, (...args: unknown[]) => void]
  >) {
    if (typeof handler !== 'function') continue;
    (quiet as Record<string, unknown>)[name] = (...args: unknown[]) => {
      if (!signal.aborted) handler.apply(observer, args);
    };
  }
  return quiet;
}

/**
 * The pipeline's operations, refusing to start once `signal` aborts: a pipeline stops at its next step
 * instead of finishing the merges and checkouts queued behind the running ones (a hundred of them, with
 * a long queue), so that an interrupted run ends at once.
 */
function stoppedOnAbort(ops: StateOps, signal: AbortSignal): StateOps {
  const { test } = ops;
  return {
    ...ops,
    merge: async (onto, change) => {
      signal.throwIfAborted();
      return ops.merge(onto, change);
    },
    ...(test && {
      test: async (args) => {
        signal.throwIfAborted();
        return test(args);
      },
    }),
  };
}
