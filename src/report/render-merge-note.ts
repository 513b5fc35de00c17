import type { PipelineResult } from '../core/types.js';
import { countOf } from './count-of.js';

/**
 * The line `report merge` prints on stderr after the verdict: how many shards it combined, how many job
 * results it took from them (or the result cache) and how many jobs it ran itself — the states no shard
 * could foresee.
 */
export function renderMergeNote(result: PipelineResult, shards: number): string {
  const jobs = result.changes.flatMap((change) => change.jobs).filter((job) => job.result !== 'SKIPPED');
  const here = jobs.filter((job) => !job.cached).length;
  return `specgate: report merge: ${countOf(shards, 'shard')}; ${countOf(jobs.length - here, 'job result')} taken from them or the cache, ${countOf(here, 'job')} run here\n`;
}
