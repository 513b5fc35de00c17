import os from 'node:os';
import { checkIndependently } from '../core/check-independently.js';
import { gateSerially } from '../core/gate-serially.js';
import { summarizePipeline } from '../core/summarize-pipeline.js';
import type { ChangeVerdict, Mode, PipelineResult, RunObserver } from '../core/types.js';
import { createLimiter } from '../jobs/create-limiter.js';
import { createRunLogDir } from '../jobs/create-run-log-dir.js';
import { selectJobs } from '../jobs/select-jobs.js';
import { createMergeOp } from './create-merge-op.js';
import { createTestOp } from './create-test-op.js';
import { createWorkDir } from './create-work-dir.js';
import { openRun, type QueueOptions } from './open-run.js';

/** Options of `check` and `gate`. */
export interface RunOptions extends QueueOptions {
  /** `--jobs`: only these jobs. */
  only?: string[];
  /** `-j`: most jobs running at once, in total; default the number of CPUs. */
  concurrency?: number;
  keep: boolean;
  workDir?: string;
  signal: AbortSignal;
  observer: RunObserver;
}

/**
 * Runs one pipeline end to end: resolves the queue, builds and tests every state (independently for
 * `check`, serially for `gate`), and returns the result. State directories are removed at the end, on
 * success, failure or interruption, unless `keep`.
 */
export async function runPipeline(mode: Mode, options: RunOptions): Promise<PipelineResult> {
  const { ctx, config, queue } = await openRun(options);
  const jobs = selectJobs({ jobs: config.jobs, pipeline: config.pipelines[mode], only: options.only });
  const workDir = await createWorkDir({ requested: options.workDir });
  const logDir = await createRunLogDir({ gitdir: ctx.gitdir });
  const keptStates: Record<string, string> = {};
  const test = createTestOp({
    ctx,
    target: queue.target,
    jobs,
    workDir,
    logDir,
    limiter: createLimiter(options.concurrency ?? os.availableParallelism()),
    signal: options.signal,
    keep: options.keep,
    observer: options.observer,
    keptStates,
  });
  options.observer.queued?.(queue.queue, queue.target);
  try {
    const decided = (verdict: ChangeVerdict) => options.observer.changeFinished?.(verdict);
    const input = { ...queue, ops: { merge: createMergeOp({ ctx, target: queue.target, queue: queue.queue, mode: config.mergeMode }), test, decided } };
    const verdicts = mode === 'gate' ? await gateSerially(input) : await checkIndependently(input);
    const result = summarizePipeline({ mode, target: queue.target, queue: queue.queue, verdicts });
    return { ...result, logDir, ...(options.keep ? { keptStates } : {}) };
  } finally {
    await workDir.cleanup({ keep: options.keep });
  }
}
