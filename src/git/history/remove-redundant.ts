import type { GitContext } from '../git-context.js';
import { letEventLoopRun } from './let-event-loop-run.js';
import { PAINT, paintDownToCommon } from './paint-down-to-common.js';
import { readWalkCommit, type WalkCommit } from './read-walk-commit.js';

/**
 * git's remove_redundant: of merge base candidates, those reachable from another go; the others keep
 * their order. When the commit-graph holds one of them (generation numbers), as remove_redundant_with_gen:
 * one walk down from all their parents at once, depth first, never below the lowest generation among the
 * candidates still standing, ending as soon as one is left. Else as remove_redundant_no_gen: a
 * paint-down-to-common of each candidate against the others still standing, once each.
 */
export async function removeRedundant(ctx: GitContext, candidates: readonly string[]): Promise<string[]> {
  if (candidates.length < 2) return [...candidates];
  const commits = await Promise.all(candidates.map((oid) => readWalkCommit(ctx, oid)));
  const redundant = commits.some((c) => c.generation !== Number.POSITIVE_INFINITY)
    ? await withGeneration(ctx, commits)
    : await withoutGeneration(ctx, candidates);
  return candidates.filter((oid) => !redundant.has(oid));
}

async function withGeneration(ctx: GitContext, candidates: WalkCommit[]): Promise<Set<string>> {
  // Lowest generation first: once the lowest candidates are known redundant, the walk may stop higher.
  const sorted = [...candidates].sort((a, b) => byGeneration(a, b));
  const standing = new Set(candidates.map((c) => c.oid));
  const stale = new Set<string>();
  let lowest = 0;
  let minGeneration = sorted[0].generation;
  const starts: WalkCommit[] = [];
  for (const candidate of candidates) {
    for (const parent of candidate.parents) {
      if (stale.has(parent)) continue;
      stale.add(parent);
      starts.push(await readWalkCommit(ctx, parent));
    }
  }
  // Highest generation first: its walk is the likeliest to reach every other candidate at once.
  starts.sort((a, b) => byGeneration(b, a));
  stale.clear();
  let steps = 0;
  for (const start of starts) {
    if (standing.size <= 1) break;
    if (stale.has(start.oid)) continue;
    stale.add(start.oid);
    const stack: WalkCommit[] = [start];
    while (stack.length > 0 && standing.size > 1) {
      if ((++steps & 255) === 0) await letEventLoopRun();
      const commit = stack[stack.length - 1];
      if (standing.delete(commit.oid) && commit.oid === sorted[lowest].oid) {
        while (lowest < sorted.length - 1 && stale.has(sorted[lowest].oid)) lowest += 1;
        minGeneration = sorted[lowest].generation;
      }
      if (commit.generation < minGeneration) {
        stack.pop();
        continue;
      }
      // Down the first parent not walked yet; back up when every parent is.
      const parent = commit.parents.find((oid) => !stale.has(oid));
      if (parent === undefined) stack.pop();
      else {
        stale.add(parent);
        stack.push(await readWalkCommit(ctx, parent));
      }
    }
  }
  return new Set(candidates.filter((c) => stale.has(c.oid)).map((c) => c.oid));
}

async function withoutGeneration(ctx: GitContext, candidates: readonly string[]): Promise<Set<string>> {
  const redundant = new Set<string>();
  for (const candidate of candidates) {
    if (redundant.has(candidate)) continue;
    const others = candidates.filter((other) => other !== candidate && !redundant.has(other));
    if (others.length === 0) break;
    // All of them are outside the graph, and no commit of the graph reaches one: the walk may stop there.
    const { flags } = await paintDownToCommon(ctx, {
      ones: [candidate],
      twos: others,
      exact: true,
      minGeneration: Number.POSITIVE_INFINITY,
    });
    if ((flags.get(candidate) ?? 0) & PAINT.two) redundant.add(candidate);
    for (const other of others) if ((flags.get(other) ?? 0) & PAINT.one) redundant.add(other);
  }
  return redundant;
}

/** Ascending generation (commits outside the graph, `Infinity`, last). */
function byGeneration(a: WalkCommit, b: WalkCommit): number {
  return a.generation === b.generation ? 0 : a.generation < b.generation ? -1 : 1;
}
