import { findCycles } from './find-cycles.js';

/** A change with the ids of the changes it depends on, before ordering. */
export interface UnorderedChange {
  id: string;
  dependsOn: string[];
  /** Pulled in as someone's dependency rather than queued by the user. */
  pulledIn: boolean;
}

/** The queue in merge order, and the dependency cycles found. */
export interface OrderedQueue {
  order: string[];
  /** Each cycle's member ids; members are rejected with DEPENDENCY_CYCLE. */
  cycles: string[][];
}

/**
 * Orders the queue for merging: the user's order, except that every change comes after the changes it
 * depends on. A dependency the user did not queue is placed just ahead of its first dependent; one the user
 * queued later than its dependent moves up just ahead of it (merging it later could never work). Cycles are
 * reported; their members keep the position of their first member.
 */
export function orderQueue(changes: readonly UnorderedChange[]): OrderedQueue {
  const byId = new Map(changes.map((change) => [change.id, change]));
  const cycles = findCycles(
    changes.map((change) => change.id),
    (id) => byId.get(id)?.dependsOn ?? [],
  );
  const order: string[] = [];
  const placed = new Set<string>();
  const visiting = new Set<string>();
  const place = (id: string) => {
    if (placed.has(id) || visiting.has(id) || !byId.has(id)) return;
    visiting.add(id);
    for (const dependency of byId.get(id)!.dependsOn) place(dependency);
    visiting.delete(id);
    placed.add(id);
    order.push(id);
  };
  for (const change of changes) if (!change.pulledIn) place(change.id);
  for (const change of changes) place(change.id);
  return { order, cycles };
}
