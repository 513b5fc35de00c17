import { MODE, type TreeEntry } from './merge-types.js';
import type { RenameCandidates } from './rename-types.js';

/**
 * Git's exact rename pass (diffcore-rename's `find_exact_renames`): a source and a target with the same
 * blob are a rename; regular files pair whatever their executable bits, symlinks and submodules only with
 * the same mode. Returns the pairs that are certain (one source and one target share the content), and
 * for the rest, which git settles by traversal order and basenames, what is uncertain: the groups
 * themselves, and the targets that may or may not be left for inexact detection.
 */
export function pairExactRenames(candidates: RenameCandidates): {
  pairs: Map<string, string>;
  ambiguous: { sources: string[]; targets: string[] }[];
  consumed: Set<string>;
  uncertainTargets: Set<string>;
} {
  const key = (entry: TreeEntry) => `${entry.mode === MODE.file || entry.mode === MODE.executable ? 'regular' : entry.mode}:${entry.oid}`;
  const groups = new Map<string, { sources: string[]; targets: string[] }>();
  const group = (entry: TreeEntry) => {
    let g = groups.get(key(entry));
    if (!g) groups.set(key(entry), (g = { sources: [], targets: [] }));
    return g;
  };
  for (const [path, source] of candidates.sources) group(source.entry).sources.push(path);
  for (const [path, entry] of candidates.targets) group(entry).targets.push(path);

  const pairs = new Map<string, string>();
  const ambiguous: { sources: string[]; targets: string[] }[] = [];
  const consumed = new Set<string>();
  const uncertainTargets = new Set<string>();
  for (const g of groups.values()) {
    if (g.sources.length === 0 || g.targets.length === 0) continue;
    if (g.sources.length === 1 && g.targets.length === 1) {
      pairs.set(g.sources[0], g.targets[0]);
      consumed.add(g.targets[0]);
      continue;
    }
    ambiguous.push(g);
    // Every target finds a source when there are enough sources; otherwise which ones stay is unknown.
    for (const target of g.targets) (g.sources.length >= g.targets.length ? consumed : uncertainTargets).add(target);
  }
  return { pairs, ambiguous, consumed, uncertainTargets };
}
