import type { Mode, PipelineResult } from '../core/types.js';
import { openRun, type QueueOptions } from './open-run.js';
import { planStates } from './plan-states.js';

/** `specgate plan`: resolves the queue and computes every speculative state of `mode`, running no job. */
export async function plan(options: QueueOptions & { mode: Mode; cache?: boolean }): Promise<PipelineResult> {
  const { repository, config, queue } = await openRun(options);
  return planStates({
    repository,
    queue,
    mode: options.mode,
    mergeMode: config.mergeMode,
    allowCircularDependencies: config.allowCircularDependencies,
    remember: options.cache,
  }).finally(() => repository.close());
}
