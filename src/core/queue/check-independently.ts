import { judgeJobs } from '../jobs/judge-jobs.js';
import { messages } from '../messages.js';
import type { PipelineInput, PlannedChange } from './pipeline-types.js';
import { homeCheckout, type SpeculativeState } from './speculative-state.js';
import type { ChangeVerdict } from '../types.js';

/**
 * The independent pipeline (Zuul's `check`): every change the user queued is tested on its own state — the
 * target plus its dependencies (transitively, in queue order) plus itself — whatever becomes of the other
 * changes. Dependencies pulled into the queue are only included, not judged. States are merged one at a
 * time (merges write objects) and tested concurrently (`ops.test` bounds the processes).
 */
export async function checkIndependently(input: PipelineInput): Promise<ChangeVerdict[]> {
  const { target, base: targetState, queue, cycles, ops } = input;
  const byId = new Map(queue.map((change) => [change.id, change]));
  const position = new Map(queue.map((change, i) => [change.id, i]));
  const cycleOf = new Map(cycles.flatMap((cycle) => cycle.map((id) => [id, cycle] as const)));

  const closure = (change: PlannedChange): string[] => {
    const seen = new Set<string>();
    const visit = (id: string) => {
      if (seen.has(id)) return;
      seen.add(id);
      for (const dep of byId.get(id)?.dependsOn ?? []) visit(dep);
    };
    visit(change.id);
    return [...seen].sort((a, b) => position.get(a)! - position.get(b)!);
  };

  const tests: Array<Promise<ChangeVerdict>> = [];
  for (const change of queue.filter((c) => !c.pulledIn)) {
    const base = {
      id: change.id,
      sha: change.sha,
      dependsOn: change.dependsOn,
      jobs: [] as ChangeVerdict['jobs'],
    };
    const finish = (verdict: ChangeVerdict, decidedOn?: SpeculativeState) => {
      ops.decided?.(verdict, decidedOn);
      return verdict;
    };
    const includes = closure(change);
    const cycle = cycleOf.get(change.id);
    if (cycle) {
      tests.push(
        Promise.resolve(
          finish({ ...base, result: 'DEPENDENCY_CYCLE', includes: [], message: messages.cycle(cycle) }),
        ),
      );
      continue;
    }
    const inCycle = includes.find((id) => cycleOf.has(id));
    if (inCycle !== undefined) {
      const message = messages.dependencyInCycle(inCycle);
      tests.push(Promise.resolve(finish({ ...base, result: 'DEPENDENCY_FAILED', includes: [], message })));
      continue;
    }

    let state = targetState;
    let failure: ChangeVerdict | undefined;
    for (const [i, id] of includes.entries()) {
      const merged = await ops.merge(state, byId.get(id)!);
      if (merged.clean) {
        state = merged.state;
        continue;
      }
      failure =
        id === change.id
          ? {
              ...base,
              result: 'MERGE_CONFLICT',
              includes,
              message: messages.conflict(
                messages.stateLabel(target.ref, includes.slice(0, i)),
                merged.message,
              ),
            }
          : {
              ...base,
              result: 'DEPENDENCY_FAILED',
              includes: [],
              message: messages.dependencyConflicts(id, merged.message),
            };
      break;
    }
    if (failure) {
      tests.push(Promise.resolve(finish(failure)));
      continue;
    }
    const decidedOn = state;
    const speculativeSha = homeCheckout(decidedOn).sha;
    const onto = messages.stateLabel(target.ref, includes.slice(0, -1));
    if (!ops.test) {
      tests.push(
        Promise.resolve(
          finish(
            { ...base, result: 'SUCCESS', includes, speculativeSha, message: messages.planned(onto) },
            decidedOn,
          ),
        ),
      );
      continue;
    }
    tests.push(
      ops.test({ change, state: decidedOn, includes }).then((jobs) => {
        const judgement = judgeJobs(jobs);
        const result = judgement.passed ? 'SUCCESS' : 'FAILURE';
        const { message } = judgement;
        return finish({ ...base, jobs, result, includes, speculativeSha, message }, decidedOn);
      }),
    );
  }
  // Wait for every state even when one fails (an interruption), so nothing is still running on return.
  const settled = await Promise.allSettled(tests);
  const failed = settled.find((outcome) => outcome.status === 'rejected');
  if (failed) throw failed.reason;
  return settled.map((outcome) => (outcome as PromiseFulfilledResult<ChangeVerdict>).value);
}
