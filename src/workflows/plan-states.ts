import { checkIndependently } from '../core/queue/check-independently.js';
import { gateSerially } from '../core/queue/gate-serially.js';
import { summarizePipeline } from '../core/queue/summarize-pipeline.js';
import type { MergeMode } from '../config/types.js';
import type { Mode, PipelineResult } from '../core/types.js';
import type { Repository } from './adapters.js';
import { createMergeOp } from './create-merge-op.js';
import type { ResolvedQueue } from './resolve-queue.js';
import { targetStateOf } from './target-state-of.js';
import { withBundles } from './with-bundles.js';

/**
 * Computes every speculative state of a resolved queue in `mode`, writing the merge commits, without
 * running any job: which changes merge, onto what, with which commit id.
 */
export async function planStates(args: {
  repository: Repository;
  queue: ResolvedQueue;
  mode: Mode;
  mergeMode: MergeMode;
  allowCircularDependencies: boolean;
  /** Reuse the merges of earlier runs (default true); false computes every merge afresh. */
  remember?: boolean;
}): Promise<PipelineResult> {
  const { repository } = args;
  const { queue, unbundle } = withBundles(args.queue, args.allowCircularDependencies);
  const input = {
    ...queue,
    base: targetStateOf(repository, queue.target),
    ops: {
      merge: createMergeOp({
        repository,
        target: queue.target,
        queue: queue.queue,
        mode: args.mergeMode,
        memo: args.remember === false ? undefined : repository.openMergeMemo(),
      }),
    },
  };
  const bundled = args.mode === 'gate' ? await gateSerially(input) : await checkIndependently(input);
  const { verdicts } = unbundle(bundled);
  return summarizePipeline({ mode: 'plan', target: queue.target, queue: args.queue.queue, verdicts });
}
