import { judgeJobs } from '../jobs/judge-jobs.js';
import { messages } from '../messages.js';
import type { MergeOutcome, PipelineInput, PlannedChange } from './pipeline-types.js';
import { homeCheckout, stateKey, type SpeculativeState } from './speculative-state.js';
import type { BuildRecord, ChangeResult, ChangeVerdict, JobOutcome } from '../types.js';

/** One try at judging a change: a speculative state and the jobs running on it. */
interface Attempt {
  includes: string[];
  controller: AbortController;
  /** Settled once the state is merged (or conflicts) and its jobs are done (or cancelled). */
  done: boolean;
  merge?: MergeOutcome;
  jobs?: JobOutcome[];
}

interface Item {
  change: PlannedChange;
  verdict?: ChangeVerdict;
  attempt?: Attempt;
}

/**
 * Zuul's dependent pipeline with speculative execution: every change in the window is tested at once, on
 * the state it will have if every change ahead of it that still looks good is accepted. When a change turns
 * out bad (a job fails, it does not merge, or something it needs is rejected), every state behind it that
 * contains it is cancelled — its builds end ABORTED — and rebuilt without it (a gate reset).
 *
 * The answer is exactly serial merging's (see `gateSerially`): a change is decided only when every change
 * ahead of it is decided and its own state contains exactly the accepted ones, so a failure seen on a state
 * that still held a change which is later rejected is never final. Only the time to the answer differs:
 * about one job-time when predictions hold.
 *
 * `window` bounds how many undecided changes are tested at once (default: all); the number of running jobs
 * is bounded by `ops.test` (the run's limiter). Merges are memoised by their inputs, since rebuilt states
 * share most of their chain with earlier ones.
 */
export async function gateSpeculatively(
  input: PipelineInput & { window?: number },
): Promise<{ verdicts: ChangeVerdict[]; builds: BuildRecord[] }> {
  const { target, base, queue, cycles, ops } = input;
  const test = ops.test;
  if (!test) throw new Error('gateSpeculatively needs a test operation; use gateSerially to plan');
  const window = input.window ?? Number.POSITIVE_INFINITY;
  const cycleOf = new Map(cycles.flatMap((cycle) => cycle.map((id) => [id, cycle] as const)));
  const items: Item[] = queue.map((change) => ({ change }));
  const byId = new Map(items.map((item) => [item.change.id, item]));
  const builds: BuildRecord[] = [];
  let wake: () => void = () => {};

  // Merging one change onto one state always gives the same answer: share it between rebuilt states.
  const merges = new Map<string, Promise<MergeOutcome>>();
  let mergeChain: Promise<unknown> = Promise.resolve();
  const mergeOnce = (onto: SpeculativeState, change: PlannedChange): Promise<MergeOutcome> => {
    const key = `${stateKey(onto)} ${change.id}`;
    let merged = merges.get(key);
    if (!merged) {
      // One merge at a time: merges write objects, and they are fast next to jobs.
      merged = mergeChain.then(() => ops.merge(onto, change));
      mergeChain = merged.catch(() => undefined);
      merges.set(key, merged);
    }
    return merged;
  };
  const stateOf = async (
    includes: string[],
  ): Promise<{ state: SpeculativeState } | { conflict: MergeOutcome & { clean: false } }> => {
    let state = base;
    for (const id of includes) {
      const merged = await mergeOnce(state, byId.get(id)!.change);
      if (!merged.clean) return { conflict: merged };
      state = merged.state;
    }
    return { state };
  };

  const decide = (
    item: Item,
    result: ChangeResult,
    fields: Partial<ChangeVerdict> & { message: string },
    decidedOn?: SpeculativeState,
  ) => {
    item.verdict = {
      id: item.change.id,
      sha: item.change.sha,
      dependsOn: item.change.dependsOn,
      jobs: [],
      includes: [],
      result,
      ...fields,
    };
    ops.decided?.(item.verdict, decidedOn);
  };
  const cancel = (item: Item) => {
    const attempt = item.attempt!;
    item.attempt = undefined;
    if (!attempt.done) {
      attempt.controller.abort();
      ops.reset?.(item.change.id, attempt.includes);
    }
  };
  const running = new Set<Promise<void>>();
  const start = (item: Item, includes: string[]) => {
    const attempt: Attempt = { includes, controller: new AbortController(), done: false };
    item.attempt = attempt;
    const run = (async () => {
      try {
        const built = await stateOf(includes);
        if ('conflict' in built) {
          attempt.merge = built.conflict;
        } else {
          attempt.merge = { clean: true, state: built.state };
          if (!attempt.controller.signal.aborted) {
            attempt.jobs = await test({
              change: item.change,
              state: built.state,
              includes,
              signal: attempt.controller.signal,
            });
            for (const job of attempt.jobs) {
              if (job.result !== 'SKIPPED')
                builds.push({ change: item.change.id, job: job.name, includes, result: job.result });
            }
          }
        }
      } catch (error) {
        failure ??= error;
      } finally {
        attempt.done = true;
        wake();
      }
    })();
    running.add(run);
    void run.then(() => running.delete(run));
  };
  let failure: unknown;

  // What an undecided change is expected to become, given what is known now.
  const looksGood = (item: Item): boolean => {
    if (item.verdict) return item.verdict.result === 'SUCCESS';
    const attempt = item.attempt;
    if (!attempt) return false;
    if (attempt.merge && !attempt.merge.clean) return false;
    if (attempt.done && attempt.jobs && !judgeJobs(attempt.jobs).passed) return false;
    return true;
  };

  for (;;) {
    if (failure) {
      // Stop everything and wait until nothing runs any more, so the caller can clean up safely.
      for (const item of items) if (item.attempt) cancel(item);
      await Promise.allSettled([...running]);
      throw failure;
    }
    let allAheadDecided = true;
    let undecidedSeen = 0;
    const expected: string[] = [];
    for (const item of items) {
      const { change } = item;
      if (!item.verdict) {
        const cycle = cycleOf.get(change.id);
        // The first dependency that is not accepted, once it is decided: the one serial merging would name.
        const pending = change.dependsOn.find((dep) => byId.get(dep)!.verdict?.result !== 'SUCCESS');
        const rejected = pending !== undefined && byId.get(pending)!.verdict ? pending : undefined;
        if (cycle) {
          decide(item, 'DEPENDENCY_CYCLE', { message: messages.cycle(cycle) });
        } else if (rejected !== undefined) {
          if (item.attempt) cancel(item);
          decide(item, 'DEPENDENCY_FAILED', {
            message: messages.dependencyRejected(rejected, byId.get(rejected)!.verdict!.result),
          });
        } else if (change.dependsOn.some((dep) => !expected.includes(dep))) {
          // Something it needs looks bad but is not decided yet: no state can hold this change for now.
          if (item.attempt) cancel(item);
        } else {
          const includes = [...expected, change.id];
          if (item.attempt && item.attempt.includes.join(' ') !== includes.join(' ')) cancel(item);
          if (!item.attempt && undecidedSeen < window) start(item, includes);
          const attempt = item.attempt;
          if (attempt?.done && allAheadDecided) {
            const onto = messages.stateLabel(target.ref, expected);
            if (!attempt.merge!.clean) {
              decide(item, 'MERGE_CONFLICT', {
                includes,
                message: messages.conflict(onto, attempt.merge!.message),
              });
            } else {
              const judgement = judgeJobs(attempt.jobs!);
              const { state } = attempt.merge!;
              decide(
                item,
                judgement.passed ? 'SUCCESS' : 'FAILURE',
                {
                  includes,
                  jobs: attempt.jobs!,
                  speculativeSha: homeCheckout(state).sha,
                  message: judgement.message,
                },
                state,
              );
            }
          }
        }
      }
      if (!item.verdict) {
        allAheadDecided = false;
        undecidedSeen += 1;
      }
      if (looksGood(item)) expected.push(change.id);
    }
    if (items.every((item) => item.verdict)) break;
    await new Promise<void>((resolve) => (wake = resolve));
  }
  // Cancelled states may still be stopping (a checkout, jobs being killed): the caller removes their
  // directories next, and their ABORTED builds belong in the history.
  await Promise.allSettled([...running]);
  return { verdicts: items.map((item) => item.verdict!), builds };
}
