import os from 'node:os';
import path from 'node:path';
import { checkIndependently } from '../core/check-independently.js';
import { gateInBatches } from '../core/gate-in-batches.js';
import { gateSpeculatively } from '../core/gate-speculatively.js';
import { summarizePipeline } from '../core/summarize-pipeline.js';
import type { PlannedChange } from '../core/pipeline-types.js';
import type { ChangeVerdict, Mode, PipelineResult, RunObserver } from '../core/types.js';
import { createLimiter } from '../jobs/create-limiter.js';
import { createRunLogDir } from '../jobs/create-run-log-dir.js';
import { selectJobs } from '../jobs/select-jobs.js';
import { createMergeOp } from './create-merge-op.js';
import { createTestOp } from './create-test-op.js';
import { createWorkDir } from './create-work-dir.js';
import { openRun, type QueueOptions } from './open-run.js';
import { scopeChange, type ChangeScope } from './scope-change.js';
import { withBundles } from './with-bundles.js';

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
  /** Gate only: how the dependent pipeline finds its answer (default speculative). */
  strategy?: GateStrategy;
  /** Gate only, speculative: most changes tested at once (default: the whole queue). */
  window?: number;
}

/** How `gate` finds serial merging's answer: all states at once with resets, or bors-style batches. */
export type GateStrategy = 'speculative' | 'batch';

/**
 * Runs one pipeline end to end: resolves the queue, builds and tests every state (independently for
 * `check`; for `gate`, speculatively in parallel or in batches, both giving serial merging's answer), and
 * returns the result. State directories are removed at the end, on
 * success, failure or interruption, unless `keep`.
 */
export async function runPipeline(mode: Mode, options: RunOptions): Promise<PipelineResult> {
  const opened = await openRun(options);
  const { ctx, config } = opened;
  const { queue, unbundle } = withBundles(opened.queue, config.allowCircularDependencies);
  const jobs = selectJobs({ jobs: config.jobs, pipeline: config.pipelines[mode], only: options.only });
  const workDir = await createWorkDir({ requested: options.workDir });
  const logDir = await createRunLogDir({ gitdir: ctx.gitdir });
  const keptStates: Record<string, string> = {};
  const scopes = new Map<string, Promise<ChangeScope>>();
  const scope = (change: PlannedChange) => {
    let known = scopes.get(change.id);
    if (!known) scopes.set(change.id, (known = scopeChange({ ctx, config, targetSha: queue.target.sha, change })));
    return known;
  };
  const test = createTestOp({
    ctx,
    target: queue.target,
    jobs,
    scope,
    prepare: config.prepare,
    prepareCacheDir: path.join(path.dirname(ctx.objectsDir), 'specgate', 'cache', 'prepare'),
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
    const ops = {
      merge: createMergeOp({ ctx, target: queue.target, queue: queue.queue, mode: config.mergeMode }),
      test,
      decided: (verdict: ChangeVerdict) => options.observer.changeFinished?.(verdict),
      reset: (change: string, includes: string[]) => options.observer.stateReset?.(change, includes),
    };
    const input = { ...queue, ops };
    const bundled =
      mode === 'check'
        ? { verdicts: await checkIndependently(input), builds: undefined }
        : options.strategy === 'batch'
          ? await gateInBatches(input)
          : await gateSpeculatively({ ...input, window: options.window });
    const { verdicts, builds } = unbundle(bundled.verdicts, bundled.builds);
    const result = summarizePipeline({ mode, target: queue.target, queue: opened.queue.queue, verdicts, builds });
    return { ...result, logDir, ...(options.keep ? { keptStates } : {}) };
  } finally {
    await workDir.cleanup({ keep: options.keep });
  }
}
