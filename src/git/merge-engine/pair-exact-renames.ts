import { MODE, type TreeEntry } from './merge-types.js';
import type { RenameCandidates } from './rename-types.js';

/** How many identical sources git looks at per target at most. */
const IDENTICAL_ALTERNATIVES = 100;

/**
 * Git's exact rename pass (diffcore-rename's `find_exact_renames`): a source and a target with the same
 * blob are a rename; regular files pair whatever their executable bits, symlinks and submodules only with
 * the same mode. Among several identical files git walks the targets in its traversal order and gives
 * each the first unused source (in that order) with the same basename, else the first unused one.
 *
 * merge-ort's traversal order is path order, except that directories only this side changed come after
 * the rest, in an order of their own. `region` names, for a path, the directory it lies in that way
 * (undefined: the path-ordered rest). Where a group of identical files lies in two such directories, the
 * order is unknown: returned as `ambiguous`, with the targets that may or may not be left for inexact
 * detection (`uncertainTargets`). `pairs` are git's pairs; `consumed` the targets they take.
 */
export function pairExactRenames(
  candidates: RenameCandidates,
  region: (path: string) => string | undefined = () => undefined,
): {
  pairs: Map<string, string>;
  ambiguous: { sources: string[]; targets: string[] }[];
  consumed: Set<string>;
  uncertainTargets: Set<string>;
} {
  const key = (entry: TreeEntry) =>
    `${entry.mode === MODE.file || entry.mode === MODE.executable ? 'regular' : entry.mode}:${entry.oid}`;
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
  const name = (path: string) => path.slice(path.lastIndexOf('/') + 1);
  for (const g of groups.values()) {
    if (g.sources.length === 0 || g.targets.length === 0) continue;
    const regions = new Set([...g.sources, ...g.targets].map(region).filter((r) => r !== undefined));
    if (regions.size > 1 && !(g.sources.length === 1 && g.targets.length === 1)) {
      ambiguous.push(g);
      // Every target finds a source when there are enough sources; otherwise which ones stay is unknown.
      for (const target of g.targets)
        (g.sources.length >= g.targets.length ? consumed : uncertainTargets).add(target);
      continue;
    }
    // One region at most besides the rest, which comes first: a total order.
    const order = (a: string, b: string) => {
      const ra = region(a) === undefined ? 0 : 1;
      const rb = region(b) === undefined ? 0 : 1;
      return ra !== rb ? ra - rb : a < b ? -1 : a > b ? 1 : 0;
    };
    const sources = [...g.sources].sort(order);
    const targets = [...g.targets].sort(order);
    const used = new Set<string>();
    for (const target of targets) {
      let best: string | undefined;
      let bestScore = -1;
      let considered = 0;
      for (const source of sources) {
        if (used.has(source)) continue;
        const score = 1 + (name(source) === name(target) ? 1 : 0);
        if (score > bestScore) {
          best = source;
          bestScore = score;
          if (score === 2) break;
        }
        if (++considered === IDENTICAL_ALTERNATIVES) break;
      }
      if (best === undefined) continue;
      used.add(best);
      pairs.set(best, target);
      consumed.add(target);
    }
  }
  return { pairs, ambiguous, consumed, uncertainTargets };
}
