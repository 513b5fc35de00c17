import type { PipelineInput } from './pipeline-types.js';
import type { BuildRecord, ChangeVerdict, Mode, PipelineResult } from '../types.js';

/**
 * Assembles the result of a run from its verdicts: the verdict is SUCCESS iff every judged change
 * succeeded, and `builds` lists every job execution (skipped jobs never ran) with the state it ran on.
 */
export function summarizePipeline(args: {
  mode: Mode | 'plan';
  target: PipelineInput['target'];
  queue: PipelineInput['queue'];
  verdicts: ChangeVerdict[];
  /** Every job execution, when the strategy ran some that decided nothing (gate resets, batches). */
  builds?: BuildRecord[];
}): PipelineResult {
  const pulledIn = new Set(args.queue.filter((change) => change.pulledIn).map((change) => change.id));
  return {
    mode: args.mode,
    verdict: args.verdicts.every((verdict) => verdict.result === 'SUCCESS') ? 'SUCCESS' : 'FAILURE',
    target: args.target,
    changes: args.verdicts.map((verdict) =>
      pulledIn.has(verdict.id) ? { ...verdict, pulledIn: true } : verdict,
    ),
    builds:
      args.builds ??
      args.verdicts.flatMap((verdict) =>
        verdict.jobs
          .filter((job) => job.result !== 'SKIPPED')
          .map((job) => ({
            change: verdict.id,
            job: job.name,
            includes: verdict.includes,
            result: job.result,
          })),
      ),
  };
}
