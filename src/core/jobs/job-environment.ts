import { homeCheckout, type SpeculativeState } from '../queue/speculative-state.js';

/** What the jobs of one speculative state are told about it. */
export interface StateFacts {
  change: { id: string; sha: string };
  /** The ids of the changes in the state, in merge order. */
  includes: readonly string[];
  target: { ref: string; sha: string };
  /** The state's commits and checkouts; jobs run in the home project's. */
  speculative: SpeculativeState;
}

/** The files specgate keeps for one job of a state. */
export interface JobFiles {
  name: string;
  /** Where the job may write its return file (`child_jobs`, `data`). */
  returnFile: string;
  /** The JSON file of its parents' data, when any parent returned some. */
  parentDataFile?: string;
}

/**
 * The SPECGATE_* variables of a job, as DESIGN.md ("Job environment") promises them: the one place they
 * are named. Built in layers, later ones winning: `SPECGATE_WORKSPACE` from `workspace`; the state's
 * variables from `state` (the speculative commit and the workspace are the home project's); `given` (the
 * state's variables built earlier, as handed to a job graph); then the job's own (`SPECGATE_JOB`,
 * `SPECGATE_RETURN`, and `SPECGATE_PARENT_DATA` only when there is parent data).
 * Pure: the process environment the job also inherits is the job runner's.
 */
export function jobEnvironment(args: {
  state?: StateFacts;
  workspace?: string;
  given?: Readonly<Record<string, string>>;
  job?: JobFiles;
}): Record<string, string> {
  const { state, workspace, job } = args;
  return {
    ...(workspace !== undefined && { SPECGATE_WORKSPACE: workspace }),
    ...(state && stateVariables(state)),
    ...args.given,
    ...(job && {
      SPECGATE_JOB: job.name,
      SPECGATE_RETURN: job.returnFile,
      ...(job.parentDataFile !== undefined && { SPECGATE_PARENT_DATA: job.parentDataFile }),
    }),
  };
}

function stateVariables(state: StateFacts): Record<string, string> {
  const home = homeCheckout(state.speculative);
  return {
    SPECGATE: '1',
    SPECGATE_CHANGE: state.change.id,
    SPECGATE_CHANGE_SHA: state.change.sha,
    SPECGATE_CHANGES: state.includes.join(' '),
    SPECGATE_TARGET: state.target.ref,
    SPECGATE_TARGET_SHA: state.target.sha,
    SPECGATE_SPECULATIVE_SHA: home.sha,
    ...(home.dir !== undefined && { SPECGATE_WORKSPACE: home.dir }),
  };
}
