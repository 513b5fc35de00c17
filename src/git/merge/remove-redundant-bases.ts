import type { GitContext } from '../git-context.js';
import { PAINT, paintDownToCommon } from './paint-down-to-common.js';

/**
 * git's remove_redundant (without generation numbers): of merge base candidates, those reachable from
 * another candidate go. Each candidate is walked against the others still standing, once — a walk that
 * stops where the histories meet — so n candidates cost n bounded walks, not n² comparisons of whole
 * histories.
 */
export async function removeRedundantBases(ctx: GitContext, candidates: readonly string[]): Promise<string[]> {
  const redundant = new Set<string>();
  for (const candidate of candidates) {
    if (redundant.has(candidate)) continue;
    const others = candidates.filter((other) => other !== candidate && !redundant.has(other));
    if (others.length === 0) break;
    const flags = new Map<string, number>();
    await paintDownToCommon({ ctx, ones: [candidate], twos: others, flags });
    if ((flags.get(candidate) ?? 0) & PAINT.two) redundant.add(candidate);
    for (const other of others) if ((flags.get(other) ?? 0) & PAINT.one) redundant.add(other);
  }
  return candidates.filter((oid) => !redundant.has(oid));
}

