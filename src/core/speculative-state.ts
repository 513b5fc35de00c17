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
 * in) first. Today the home project is the only one.
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
