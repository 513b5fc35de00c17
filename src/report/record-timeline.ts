import type { ChangeVerdict, JobOutcome, QueuedChange, RunObserver } from '../core/types.js';
import { homeCheckout, type SpeculativeState } from '../core/queue/speculative-state.js';

/** One job on one observed state: when it ran, relative to the start of the run, and how it ended. */
export interface TimedBuild {
  job: string;
  /** Milliseconds from the run's start to its first attempt's start (to its end for a result never run). */
  startMs: number;
  /** Milliseconds from the run's start to its end; absent while it runs. */
  endMs?: number;
  /** Attempts started so far. */
  attempts: number;
  log?: string;
  /** How it ended, once it did. */
  outcome?: JobOutcome;
  /** It was still running when a gate reset cancelled its state: it ended ABORTED at `endMs`. */
  reset?: boolean;
}

/** One speculative state of one change, as the run's events showed it. */
export interface TimedState {
  change: string;
  includes: string[];
  /** The state's commit, once its jobs were about to run. */
  sha?: string;
  /** Every job's result came from the result cache: nothing was checked out. */
  fromCache: boolean;
  /** When its jobs were about to run; absent for a state cancelled before that. */
  startMs?: number;
  /** When a gate reset cancelled it. */
  resetMs?: number;
  builds: TimedBuild[];
}

/** What `recordTimeline` saw of a run: the queue, every state and job in time, each decision. */
export interface RunTimeline {
  /** Wall-clock start of the run, ISO 8601. */
  startedAt: string;
  /** Milliseconds from the start to the moment the timeline was taken. */
  endMs: number;
  queue: QueuedChange[];
  states: TimedState[];
  /** When each change was decided, in milliseconds from the start. */
  decidedMs: Record<string, number>;
}

/**
 * A `RunObserver` that stamps every event of a run with a monotonic offset from its start (the moment this
 * is called), and `timeline()`, the run as it went so far: the states in the order they started (a state
 * cancelled before it started takes its place at its reset), the jobs of each with start and end, which
 * jobs a gate reset aborted. Jobs of a cancelled state send no events of their own after the reset (they are
 * history, not progress): the reset ends those still running. It never throws, whatever order events come
 * in. `now` (milliseconds, monotonic) and `clock` are injectable for tests.
 */
export function recordTimeline(options: { now?: () => number; clock?: () => Date } = {}): {
  observer: RunObserver;
  timeline(): RunTimeline;
} {
  const now = options.now ?? (() => performance.now());
  const origin = now();
  const startedAt = (options.clock ?? (() => new Date()))().toISOString();
  const at = () => Math.max(0, now() - origin);
  let queue: QueuedChange[] = [];
  const states: TimedState[] = [];
  const live = new Map<string, TimedState>();
  const decidedMs: Record<string, number> = {};
  const same = (a: string[], b: string[]) => a.length === b.length && a.every((id, i) => id === b[i]);

  const liveState = (change: string): TimedState => {
    let state = live.get(change);
    if (!state) {
      // A job event with no state announced: keep it on a state of its own rather than lose it.
      state = { change, includes: [], fromCache: false, startMs: at(), builds: [] };
      states.push(state);
      live.set(change, state);
    }
    return state;
  };

  const observer: RunObserver = {
    queued(queued: QueuedChange[]) {
      queue = queued.map((change) => ({ ...change, dependsOn: [...change.dependsOn] }));
    },
    stateStarted(change: string, includes: string[], speculative: SpeculativeState) {
      const home = homeCheckout(speculative);
      const fields = { sha: home.sha, fromCache: home.dir === undefined, startMs: at() };
      // A state cancelled while it was being built may still announce itself: it stays the cancelled one.
      const cancelled = states.find(
        (s) =>
          s.change === change &&
          s.resetMs !== undefined &&
          s.startMs === undefined &&
          same(s.includes, includes),
      );
      if (cancelled) {
        Object.assign(cancelled, fields, { startMs: cancelled.resetMs });
        return;
      }
      const state: TimedState = { change, includes: [...includes], ...fields, builds: [] };
      states.push(state);
      live.set(change, state);
    },
    stateReset(change: string, includes: string[]) {
      const time = at();
      const current = live.get(change);
      let state: TimedState;
      if (current && same(current.includes, includes)) {
        state = current;
        live.delete(change);
      } else {
        state = { change, includes: [...includes], fromCache: false, builds: [] };
        states.push(state);
      }
      state.resetMs = time;
      for (const build of state.builds) {
        if (build.endMs !== undefined) continue;
        build.endMs = time;
        build.reset = true;
      }
    },
    jobStarted(change: string, job: string, attempt: number, log: string) {
      const state = liveState(change);
      let build = state.builds.find((b) => b.job === job && b.endMs === undefined);
      if (!build) {
        build = { job, startMs: at(), attempts: 0 };
        state.builds.push(build);
      }
      build.attempts = Math.max(build.attempts, attempt);
      build.log = log;
    },
    jobFinished(change: string, outcome: JobOutcome) {
      const state = liveState(change);
      const time = at();
      let build = state.builds.find((b) => b.job === outcome.name && b.endMs === undefined);
      if (!build) {
        build = { job: outcome.name, startMs: time, attempts: outcome.attempts };
        state.builds.push(build);
      }
      build.endMs = time;
      build.outcome = outcome;
      build.attempts = Math.max(build.attempts, outcome.attempts);
      if (outcome.log !== undefined) build.log = outcome.log;
    },
    changeFinished(verdict: ChangeVerdict) {
      decidedMs[verdict.id] = at();
    },
  };

  return {
    observer,
    timeline: () => ({
      startedAt,
      endMs: at(),
      queue: queue.map((change) => ({ ...change })),
      states: states.map((state) => ({
        ...state,
        includes: [...state.includes],
        builds: state.builds.map((build) => ({ ...build })),
      })),
      decidedMs: { ...decidedMs },
    }),
  };
}
