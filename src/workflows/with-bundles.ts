import { bundleCycles, unbundleBuilds, unbundleVerdicts } from '../core/queue/bundle-cycles.js';
import type { BuildRecord, ChangeVerdict } from '../core/types.js';
import type { ResolvedQueue } from './resolve-queue.js';

/**
 * Applies `allow-circular-dependencies`: when allowed, each dependency cycle of the queue becomes one
 * bundle (merged, tested and judged together) and no cycle is left to reject; `unbundle` turns the
 * pipeline's verdicts and builds back into per-change ones. When not allowed, both are identities.
 */
export function withBundles(queue: ResolvedQueue, allow: boolean) {
  if (!allow || queue.cycles.length === 0) {
    return { queue, unbundle: (verdicts: ChangeVerdict[], builds?: BuildRecord[]) => ({ verdicts, builds }) };
  }
  const bundled = bundleCycles(queue.queue, queue.cycles);
  return {
    queue: { ...queue, queue: bundled, cycles: [] },
    unbundle: (verdicts: ChangeVerdict[], builds?: BuildRecord[]) => ({
      verdicts: unbundleVerdicts(verdicts, bundled, queue.queue),
      builds: builds && unbundleBuilds(builds, bundled),
    }),
  };
}
