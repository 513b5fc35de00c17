import { createHash } from 'node:crypto';
import type { SpecgateConfig } from '../config/types.js';
import type { JobDefinition, Mode } from '../core/types.js';
import type { ResolvedQueue } from './resolve-queue.js';

/**
 * A digest of everything that decides a pipeline's verdict: the mode, the target and its commit, every
 * change of the queue with its commit and dependencies, the jobs as selected (definitions in full), the
 * preparation steps and the merge rules. Two runs with the same digest judge the same thing; shards'
 * partial results are combined only when their digests agree with each other and with the repository.
 */
export function digestInputs(args: {
  mode: Mode;
  queue: ResolvedQueue;
  jobs: JobDefinition[];
  config: SpecgateConfig;
}): string {
  const { mode, queue, jobs, config } = args;
  const inputs = {
    mode,
    target: queue.target,
    queue: queue.queue.map((change) => ({
      id: change.id,
      sha: change.sha,
      dependsOn: change.dependsOn,
      pulledIn: change.pulledIn,
    })),
    cycles: queue.cycles,
    jobs,
    prepare: config.prepare,
    mergeMode: config.mergeMode,
    allowCircularDependencies: config.allowCircularDependencies,
  };
  return createHash('sha256').update(JSON.stringify(inputs)).digest('hex');
}
