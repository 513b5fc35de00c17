import { judgeJobs } from '../jobs/judge-jobs.js';
import { messages } from '../messages.js';
import type { PipelineInput, PlannedChange } from './pipeline-types.js';
import { homeCheckout, type SpeculativeState } from './speculative-state.js';
import type { BuildRecord, ChangeVerdict } from '../types.js';

/**
 * The dependent pipeline with bors-style batching: test the state with the whole queue merged; if its
 * voting jobs pass, every change in it is accepted at once; if not, split the batch in two and judge each
 * half in turn on what was accepted before it, until every culprit is alone. With deterministic jobs and
 * failures caused by the changes in a state, the per-change results, `includes` and states are exactly
 * serial merging's (see `gateSerially`); a queue with one bad change among n takes about 1 + 2·log2(n)
 * rounds instead of n.
 *
 * A change accepted as part of a batch reports the jobs of that batch and, as `includes` and
 * `speculativeSha`, the serial state it stands for (the accepted changes ahead of it, and itself); the
 * state actually tested is in `builds`.
 */
export async function gateInBatches(
  input: PipelineInput,
): Promise<{ verdicts: ChangeVerdict[]; builds: BuildRecord[]; rounds: number }> {
  const { target, base: targetState, queue, cycles, ops } = input;
  const test = ops.test;
  if (!test) throw new Error('gateInBatches needs a test operation; use gateSerially to plan');
  const cycleOf = new Map(cycles.flatMap((cycle) => cycle.map((id) => [id, cycle] as const)));
  const verdicts = new Map<string, ChangeVerdict>();
  const builds: BuildRecord[] = [];
  const accepted: string[] = [];
  let state = targetState;
  let rounds = 0;

  const decide = (
    change: PlannedChange,
    fields: Omit<ChangeVerdict, 'id' | 'sha' | 'dependsOn'>,
    decidedOn?: SpeculativeState,
  ) => {
    const verdict = { id: change.id, sha: change.sha, dependsOn: change.dependsOn, ...fields };
    verdicts.set(change.id, verdict);
    ops.decided?.(verdict, decidedOn);
  };
  /** Decides what needs no state; returns the changes of the batch still to judge. */
  const screen = (batch: PlannedChange[]): PlannedChange[] =>
    batch.filter((change) => {
      const cycle = cycleOf.get(change.id);
      if (cycle) {
        decide(change, {
          result: 'DEPENDENCY_CYCLE',
          includes: [],
          jobs: [],
          message: messages.cycle(cycle),
        });
        return false;
      }
      const failed = change.dependsOn.find(
        (dep) => verdicts.has(dep) && verdicts.get(dep)!.result !== 'SUCCESS',
      );
      if (failed !== undefined) {
        const message = messages.dependencyRejected(failed, verdicts.get(failed)!.result);
        decide(change, { result: 'DEPENDENCY_FAILED', includes: [], jobs: [], message });
        return false;
      }
      return true;
    });

  const judge = async (candidates: PlannedChange[]): Promise<void> => {
    const batch = screen(candidates);
    if (batch.length === 0) return;
    // Merge the batch onto the accepted state; a conflict in a batch of several is settled by splitting.
    const states: SpeculativeState[] = [];
    let top = state;
    for (const [i, change] of batch.entries()) {
      const merged = await ops.merge(top, change);
      if (!merged.clean) {
        if (batch.length === 1) {
          const onto = messages.stateLabel(target.ref, accepted);
          decide(change, {
            result: 'MERGE_CONFLICT',
            includes: [...accepted, change.id],
            jobs: [],
            message: messages.conflict(onto, merged.message),
          });
          return;
        }
        return split(batch, Math.max(1, i));
      }
      top = merged.state;
      states.push(top);
    }
    rounds += 1;
    const last = batch[batch.length - 1];
    const includes = [...accepted, ...batch.map((change) => change.id)];
    const jobs = await test({ change: last, state: top, includes, judged: batch });
    for (const job of jobs)
      if (job.result !== 'SKIPPED')
        builds.push({ change: last.id, job: job.name, includes, result: job.result });
    const judgement = judgeJobs(jobs);
    if (judgement.passed) {
      for (const [i, change] of batch.entries()) {
        accepted.push(change.id);
        decide(
          change,
          {
            result: 'SUCCESS',
            includes: [...accepted],
            speculativeSha: homeCheckout(states[i]).sha,
            jobs,
            message: judgement.message,
          },
          states[i],
        );
      }
      state = top;
      return;
    }
    if (batch.length === 1) {
      const { message } = judgement;
      const speculativeSha = homeCheckout(top).sha;
      decide(last, { result: 'FAILURE', includes, speculativeSha, jobs, message }, top);
      return;
    }
    return split(batch, Math.ceil(batch.length / 2));
  };
  const split = async (batch: PlannedChange[], at: number) => {
    await judge(batch.slice(0, at));
    await judge(batch.slice(at));
  };

  await judge(queue);
  return { verdicts: queue.map((change) => verdicts.get(change.id)!), builds, rounds };
}
