import type { SpeculativeState } from './speculative-state.js';
import type { ChangeVerdict, JobOutcome } from '../types.js';

/** A change in merge order, with the ids of the queued changes it depends on. */
export interface PlannedChange {
  id: string;
  sha: string;
  dependsOn: string[];
  pulledIn: boolean;
  /**
   * The project the change belongs to, whose checkout of a state it is merged into; absent for the home
   * project (DESIGN.md, "Several repositories").
   */
  project?: string;
  /** For a bundle of changes in a dependency cycle: its members, merged in this order. */
  members?: PlannedChange[];
}

/** What file matchers look at for one change (or for several judged together: their union). */
export interface ChangeScope {
  /** The files the change touches: from its merge base with the target to its tip. */
  files: string[];
  /**
   * Jobs whose own configuration block the change edits (Zuul's match-on-config-updates); `'all'` when
   * every job's configuration may have changed (a JavaScript configuration file changed).
   */
  configChangedJobs: ReadonlySet<string> | 'all';
}

/**
 * The result of merging one change onto a state: the new state (the change's project at its new commit,
 * every other project as it was), or why it does not merge.
 */
export type MergeOutcome = { clean: true; state: SpeculativeState } | { clean: false; message: string };

/**
 * The I/O a pipeline needs, injected so that the queue semantics stay pure and testable with fakes.
 * `test` is absent for `plan`, which builds states but runs no job.
 */
export interface StateOps {
  /** Merges `change` into its project's checkout of the state `onto` (the target's state for the first). */
  merge(onto: SpeculativeState, change: PlannedChange): Promise<MergeOutcome>;
  /**
   * Runs the jobs of `change` on `state`, which contains the changes `includes` in merge order.
   * When `signal` aborts (the state was cancelled by a gate reset), the jobs are stopped and the promise
   * resolves with their outcomes, ABORTED.
   */
  test?(args: {
    change: PlannedChange;
    state: SpeculativeState;
    includes: string[];
    signal?: AbortSignal;
    /** The changes this test judges at once (a batch); default `change` alone. Their jobs all apply. */
    judged?: PlannedChange[];
  }): Promise<JobOutcome[]>;
  /**
   * Called once per change as soon as its verdict is final, with the state it was decided on when one was
   * built (the verdict's `speculativeSha` is its home project's commit).
   */
  decided?(verdict: ChangeVerdict, state?: SpeculativeState): void;
  /** Called when the builds of `change` on the state `includes` are cancelled by a gate reset. */
  reset?(change: string, includes: string[]): void;
}

/** What a pipeline algorithm is given. */
export interface PipelineInput {
  /** The target as the user named it and its commit, for messages and the result. */
  target: { ref: string; sha: string };
  /** The target's state, every change's first state: each project at its target commit. */
  base: SpeculativeState;
  /** Every change, in merge order (see `orderQueue`). */
  queue: PlannedChange[];
  /** Dependency cycles among the queue's changes. */
  cycles: string[][];
  ops: StateOps;
}
