import { checkIndependently } from '../core/queue/check-independently.js';
import { gateSerially } from '../core/queue/gate-serially.js';
import { judgeJobs } from '../core/jobs/judge-jobs.js';
import type { PlannedChange } from '../core/queue/pipeline-types.js';
import { homeCheckout, type SpeculativeState } from '../core/queue/speculative-state.js';
import { splitIntoShards } from '../core/queue/split-into-shards.js';
import type { ChangeVerdict, Mode, PartialResult } from '../core/types.js';
import { applicableJobs } from './applicable-jobs.js';
import { openPipeline, type RunOptions } from './open-pipeline.js';

/** Which shard this is: `index` of `total`, 1-based. */
export interface Shard {
  index: number;
  total: number;
}

/**
 * One shard of a sharded `check` or `gate` (`--shard i/n`): computes the states every shard agrees on —
 * the plan, where every change ahead is assumed to pass — splits their jobs into units (jobs that depend
 * on each other stay together), runs the units dealt to this shard, and returns the partial result that
 * `specgate report merge` combines with the other shards'. Units whose results the result cache holds
 * cost nothing, as in a whole run; the partial carries every result used, so the merging machine needs
 * no notes of its own. The verdict is the merge's, not the shard's.
 */
export async function runShard(mode: Mode, options: RunOptions & { shard: Shard }): Promise<PartialResult> {
  const { index, total } = options.shard;
  const mine = new Map<string, Set<string>>();
  const pipeline = await openPipeline(mode, options, {
    narrow: (change, jobs) => jobs.filter((job) => mine.get(change.id)?.has(job.name)),
  });
  const { input } = pipeline;
  try {
    // The state each change was planned on, as the pipeline built it.
    const stateOf = new Map<string, SpeculativeState>();
    const plan = {
      ...input,
      ops: {
        merge: input.ops.merge,
        decided: (verdict: ChangeVerdict, state?: SpeculativeState) => {
          if (state) stateOf.set(verdict.id, state);
        },
      },
    };
    const planned = mode === 'gate' ? await gateSerially(plan) : await checkIndependently(plan);
    const byId = new Map<string, PlannedChange>(input.queue.map((change) => [change.id, change]));
    const states = planned.filter((verdict) => stateOf.has(verdict.id));
    const stateJobs = await Promise.all(
      states.map(async (verdict) => ({
        id: verdict.id,
        jobs: (
          await applicableJobs({
            jobs: pipeline.jobs,
            scope: pipeline.scope,
            judged: [byId.get(verdict.id)!],
            compileGlob: options.adapters.jobs.compileGlob,
          })
        ).run,
      })),
    );
    for (const unit of splitIntoShards({ states: stateJobs, total })) {
      if (unit.shard !== index) continue;
      mine.set(unit.state, new Set([...(mine.get(unit.state) ?? []), ...unit.jobs]));
    }
    options.observer.queued?.(
      input.queue.filter((change) => mine.has(change.id)),
      input.target,
    );
    const runs = states
      .filter((verdict) => mine.has(verdict.id))
      .map(async (verdict) => {
        const state = stateOf.get(verdict.id)!;
        const jobs = await input.ops.test!({
          change: byId.get(verdict.id)!,
          state,
          includes: verdict.includes,
        });
        const ran = jobs.filter((job) => mine.get(verdict.id)!.has(job.name));
        // What this shard saw on the state, for its log; the change's verdict is `report merge`'s.
        const judgement = judgeJobs(ran);
        options.observer.changeFinished?.({
          ...verdict,
          result: judgement.passed ? 'SUCCESS' : 'FAILURE',
          jobs: ran,
          message: `shard ${index}/${total}, this state's part: ${judgement.message}`,
        });
        return {
          change: verdict.id,
          includes: verdict.includes,
          speculativeSha: homeCheckout(state).sha,
          jobs: ran,
        };
      });
    // Every state is waited for, even when one fails (an interruption), so nothing runs on return.
    const settled = await Promise.allSettled(runs);
    const failed = settled.find((outcome) => outcome.status === 'rejected');
    if (failed) throw failed.reason;
    const units = settled.map(
      (outcome) => (outcome as PromiseFulfilledResult<PartialResult['units'][number]>).value,
    );
    const resolved = new Map(pipeline.resolved.queue.map((change) => [change.id, change.sha]));
    const changes = options.changes.map((id) => ({ id, sha: resolved.get(id)! }));
    return {
      partial: { version: 1, shard: { index, total }, inputs: pipeline.inputs },
      mode,
      target: input.target,
      changes,
      options: {
        ...(options.only && { only: options.only }),
        ...(options.strategy && { strategy: options.strategy }),
        ...(options.window !== undefined && { window: options.window }),
      },
      units,
      results: await pipeline.cache.known(),
    };
  } finally {
    await pipeline.close();
  }
}
