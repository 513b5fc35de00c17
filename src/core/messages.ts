/**
 * The human explanations attached to change results. Kept apart from the logic that picks them so that
 * wording can change without touching queue semantics.
 */
export const messages = {
  cycle: (cycle: string[]) => `dependency cycle: ${[...cycle, cycle[0]].join(' -> ')}`,
  dependencyRejected: (dependency: string, result: string) =>
    `depends on ${dependency}, which was rejected (${result})`,
  dependencyInCycle: (dependency: string) => `depends on ${dependency}, which is in a dependency cycle`,
  dependencyConflicts: (dependency: string, why: string) =>
    `depends on ${dependency}, which does not merge: ${why}`,
  conflict: (onto: string, why: string) => `does not merge onto ${onto}: ${why}`,
  planned: (onto: string) => `merges cleanly onto ${onto}; no jobs run by plan`,
  stateLabel: (target: string, includes: string[]) => [target, ...includes].join(' + '),
};
