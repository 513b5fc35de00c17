import { judgeJobs } from '../jobs/judge-jobs.js';
import { messages } from '../messages.js';
import type { PipelineInput } from './pipeline-types.js';
import { homeCheckout, type SpeculativeState } from './speculative-state.js';
import type { ChangeResult, ChangeVerdict } from '../types.js';

/**
 * The dependent pipeline, judged as serial merging defines it: in queue order, change k is accepted iff
 * nothing it depends on was rejected, it merges cleanly onto the target plus the changes accepted ahead of
 * it, and its voting jobs pass on that state. Each state is built on the last accepted one, so a rejected
 * change drops out of every state behind it. Without `ops.test` (plan), a change that merges is accepted.
 */
export async function gateSerially(input: PipelineInput): Promise<ChangeVerdict[]> {
  const { target, base: targetState, queue, cycles, ops } = input;
  const cycleOf = new Map(cycles.flatMap((cycle) => cycle.map((id) => [id, cycle] as const)));
  const results = new Map<string, ChangeResult>();
  const accepted: string[] = [];
  let state = targetState;
  const verdicts: ChangeVerdict[] = [];

  for (const change of queue) {
    const base = {
      id: change.id,
      sha: change.sha,
      dependsOn: change.dependsOn,
      jobs: [] as ChangeVerdict['jobs'],
    };
    const decide = (verdict: ChangeVerdict, decidedOn?: SpeculativeState) => {
      results.set(change.id, verdict.result);
      if (verdict.result === 'SUCCESS') accepted.push(change.id);
      verdicts.push(verdict);
      ops.decided?.(verdict, decidedOn);
    };

    const cycle = cycleOf.get(change.id);
    if (cycle) {
      decide({ ...base, result: 'DEPENDENCY_CYCLE', includes: [], message: messages.cycle(cycle) });
      continue;
    }
    const rejected = change.dependsOn.find((dep) => results.get(dep) !== 'SUCCESS');
    if (rejected !== undefined) {
      const message = messages.dependencyRejected(rejected, results.get(rejected) ?? 'DEPENDENCY_CYCLE');
      decide({ ...base, result: 'DEPENDENCY_FAILED', includes: [], message });
      continue;
    }

    const includes = [...accepted, change.id];
    const onto = messages.stateLabel(target.ref, accepted);
    const merged = await ops.merge(state, change);
    if (!merged.clean) {
      decide({
        ...base,
        result: 'MERGE_CONFLICT',
        includes,
        message: messages.conflict(onto, merged.message),
      });
      continue;
    }
    const speculativeSha = homeCheckout(merged.state).sha;
    if (!ops.test) {
      decide(
        { ...base, result: 'SUCCESS', includes, speculativeSha, message: messages.planned(onto) },
        merged.state,
      );
      state = merged.state;
      continue;
    }
    const jobs = await ops.test({ change, state: merged.state, includes });
    const judgement = judgeJobs(jobs);
    decide(
      {
        ...base,
        jobs,
        result: judgement.passed ? 'SUCCESS' : 'FAILURE',
        includes,
        speculativeSha,
        message: judgement.message,
      },
      merged.state,
    );
    if (judgement.passed) state = merged.state;
  }
  return verdicts;
}
