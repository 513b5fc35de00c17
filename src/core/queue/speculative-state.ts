/**
 * One project's part of a speculative state: its commit, the commit's root tree once read, and the
 * directory it is checked out in once it is. DESIGN.md, "Several repositories": a state is one commit
 * per project.
 */
export interface ProjectCheckout {
  /** The project's name; the home project's is its repository directory's name. */
  project: string;
  /** The project's commit in the state. */
  sha: string;
  /** The commit's root tree (what the result cache is keyed by), once read. */
  tree?: string;
  /** Where the project is checked out, once it is. */
  dir?: string;
}

/**
 * A speculative state: the checkout of every project, the home project (the repository specgate runs
 * in) first. Today the home project is the only one. States are values: build new ones with
 * `withCheckout`, never change one in place.
 */
export interface SpeculativeState {
  checkouts: ProjectCheckout[];
}

/** The home project's checkout of `state`: the first. */
export function homeCheckout(state: SpeculativeState): ProjectCheckout {
  const home = state.checkouts[0];
  if (home === undefined) throw new Error('homeCheckout: a state without a project');
  return home;
}

/** The state of the target alone: `project` (the home project) at commit `sha`, nothing merged yet. */
export function targetState(project: string, sha: string): SpeculativeState {
  return { checkouts: [{ project, sha }] };
}

/**
 * The checkout of `project` in `state`; without a project, the home one (a change that names no project
 * belongs to the home project). Throws when the state has no such project: a bug, since every state holds
 * every project of the run.
 */
export function checkoutOf(state: SpeculativeState, project?: string): ProjectCheckout {
  if (project === undefined) return homeCheckout(state);
  const found = state.checkouts.find((checkout) => checkout.project === project);
  if (found === undefined) throw new Error(`checkoutOf: no project ${project} in the state`);
  return found;
}

/**
 * `state` with the checkout of `checkout.project` replaced by `checkout`, the others kept, in their order;
 * `state` itself is left as it is (states are shared between the attempts of a gate). Throws when the
 * state has no such project.
 */
export function withCheckout(state: SpeculativeState, checkout: ProjectCheckout): SpeculativeState {
  checkoutOf(state, checkout.project);
  return {
    checkouts: state.checkouts.map((other) => (other.project === checkout.project ? checkout : other)),
  };
}

/**
 * A key that is the same for two states iff they hold the same commit of every project, whatever else is
 * known of them (a tree read, a directory checked out): for maps of merges and states.
 */
export function stateKey(state: SpeculativeState): string {
  const commits = state.checkouts.map((checkout) => [checkout.project, checkout.sha]);
  // Sorted, so that the key does not depend on the order the checkouts were listed in.
  commits.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify(commits);
}
