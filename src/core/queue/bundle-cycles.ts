import type { PlannedChange } from './pipeline-types.js';
import type { ChangeVerdict } from '../types.js';

/** The id a bundle of changes goes by while it is in the queue. */
export const bundleId = (members: string[]) => `bundle(${members.join(', ')})`;

/**
 * With `allow-circular-dependencies`, each dependency cycle becomes one bundle: a single queue item, at the
 * place of its first member, whose members are merged in queue order, tested together and judged together.
 * Dependencies on any member become dependencies on the bundle. Returns the queue to run.
 */
export function bundleCycles(queue: PlannedChange[], cycles: string[][]): PlannedChange[] {
  const position = new Map(queue.map((change, i) => [change.id, i]));
  const bundleOf = new Map<string, string>();
  for (const cycle of cycles) {
    // Named, like merged, in queue order.
    const members = [...cycle].sort((a, b) => position.get(a)! - position.get(b)!);
    for (const id of cycle) bundleOf.set(id, bundleId(members));
  }
  const rename = (id: string) => bundleOf.get(id) ?? id;
  const result: PlannedChange[] = [];
  const placed = new Set<string>();
  for (const change of queue) {
    const id = rename(change.id);
    if (placed.has(id)) continue;
    placed.add(id);
    if (id === change.id) {
      result.push({ ...change, dependsOn: [...new Set(change.dependsOn.map(rename))] });
      continue;
    }
    const members = queue.filter((other) => rename(other.id) === id);
    const outside = members.flatMap((member) => member.dependsOn.map(rename)).filter((dep) => dep !== id);
    result.push({
      id,
      sha: members[members.length - 1].sha,
      dependsOn: [...new Set(outside)],
      pulledIn: members.every((member) => member.pulledIn),
      members,
    });
  }
  return result;
}

/**
 * Turns the verdicts of a bundled queue back into one verdict per change: every member of a bundle gets the
 * bundle's result, jobs, state and message; `includes` and `dependsOn` name changes, not bundles.
 */
export function unbundleVerdicts(
  verdicts: ChangeVerdict[],
  queue: PlannedChange[],
  original: PlannedChange[],
): ChangeVerdict[] {
  // Every change reports the dependencies it has, rather than the bundles they went into.
  const originalDeps = new Map(original.map((change) => [change.id, change.dependsOn]));
  const membersOf = new Map(queue.filter((item) => item.members).map((item) => [item.id, item.members!]));
  const expand = (ids: string[]) =>
    ids.flatMap((id) => membersOf.get(id)?.map((member) => member.id) ?? [id]);
  return verdicts.flatMap((verdict) => {
    const members = membersOf.get(verdict.id);
    const common = { ...verdict, includes: expand(verdict.includes) };
    if (!members)
      return [{ ...common, dependsOn: originalDeps.get(verdict.id) ?? expand(verdict.dependsOn) }];
    const message = `in ${verdict.id}: ${verdict.message}`;
    return members.map((member) => ({
      ...common,
      id: member.id,
      sha: member.sha,
      dependsOn: originalDeps.get(member.id)!,
      message,
    }));
  });
}

/** Names the changes of each build's state rather than the bundles they were in. */
export function unbundleBuilds<T extends { includes: string[] }>(builds: T[], queue: PlannedChange[]): T[] {
  const membersOf = new Map(queue.filter((item) => item.members).map((item) => [item.id, item.members!]));
  return builds.map((build) => ({
    ...build,
    includes: build.includes.flatMap((id) => membersOf.get(id)?.map((member) => member.id) ?? [id]),
  }));
}
