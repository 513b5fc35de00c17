/** One unit of sharded work: jobs of one state that depend on each other, run together on one shard. */
export interface ShardUnit {
  /** The id of the change whose state the jobs run on. */
  state: string;
  /** Job names, in the state's job order. */
  jobs: string[];
  /** Which shard runs it, 1-based. */
  shard: number;
}

/**
 * Splits the work of a pipeline into units and deals them out to `total` shards. A unit is a connected
 * group of one state's jobs (dependencies, either way, hard or soft): a job needs what its dependencies
 * leave in the state directory, so such jobs never run on different machines. Units are dealt largest
 * first (most jobs; ties in state order, then by each group's first job) to the shard with the fewest
 * jobs so far (ties to the lowest number), so the shards' job counts differ by at most one unit's size —
 * a unit count alone would put every two-job unit on the same shard when states repeat their jobs. Every
 * shard computes the same split from the same inputs without talking to the others. Units are returned
 * in state order, then by their first job.
 */
export function splitIntoShards(args: {
  states: ReadonlyArray<{
    id: string;
    jobs: ReadonlyArray<{ name: string; dependencies: ReadonlyArray<{ name: string }> }>;
  }>;
  total: number;
}): ShardUnit[] {
  const units: ShardUnit[] = args.states.flatMap((state) =>
    connectedGroups(state.jobs).map((jobs) => ({ state: state.id, jobs, shard: 0 })),
  );
  const load = Array.from({ length: args.total }, () => 0);
  // Array#sort is stable: equal sizes keep their order.
  for (const unit of [...units].sort((a, b) => b.jobs.length - a.jobs.length)) {
    const lightest = load.indexOf(Math.min(...load));
    unit.shard = lightest + 1;
    load[lightest] += unit.jobs.length;
  }
  return units;
}

/** The jobs grouped by dependency (union-find), each group in job order, groups by their first job. */
function connectedGroups(
  jobs: ReadonlyArray<{ name: string; dependencies: ReadonlyArray<{ name: string }> }>,
): string[][] {
  const parent = new Map(jobs.map((job) => [job.name, job.name]));
  const root = (name: string): string => {
    let at = name;
    while (parent.get(at) !== at) at = parent.get(at)!;
    parent.set(name, at);
    return at;
  };
  for (const job of jobs) {
    for (const dependency of job.dependencies) {
      if (parent.has(dependency.name)) parent.set(root(job.name), root(dependency.name));
    }
  }
  const groups = new Map<string, string[]>();
  for (const job of jobs) {
    const key = root(job.name);
    groups.set(key, [...(groups.get(key) ?? []), job.name]);
  }
  return [...groups.values()];
}
