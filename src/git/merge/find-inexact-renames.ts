import { MODE, type TreeEntry } from './merge-types.js';
import type { RenameSource } from './rename-types.js';
import { similarityScore } from './similarity-score.js';

/** Git's default rename threshold: 50% similar. */
const MINIMUM_SCORE = 30000;
/** Scores this close to the threshold are treated as uncertain rather than trusted to the last point. */
const MARGIN = 300;
/** Beyond this many comparisons specgate stops estimating and treats every candidate as uncertain. */
const MAX_COMPARISONS = 100_000;

/**
 * Inexact rename detection, reduced to what specgate can be sure of. Compares every candidate source
 * with every remaining target (regular files only, as git does) and returns:
 *
 * - `pairs`: renames git is certain to find: a relevant source and a target that are clearly similar
 *   (50% or more) while neither is similar to anything else, so no basename or score ordering could pair
 *   them differently;
 * - `doubtful`: sources that may or may not be renamed, or renamed to a target git might choose
 *   differently. The caller reports those as rename conflicts rather than guess.
 */
export async function findInexactRenames(args: {
  candidates: string[];
  sources: Map<string, RenameSource>;
  targets: Map<string, TreeEntry>;
  uncertainTargets: Set<string>;
  readBlob: (oid: string) => Promise<Uint8Array>;
}): Promise<{ pairs: Map<string, string>; doubtful: Set<string> }> {
  const { sources, targets, uncertainTargets, readBlob } = args;
  const regular = (entry: TreeEntry) => entry.mode === MODE.file || entry.mode === MODE.executable;
  const candidates = args.candidates.filter((path) => regular(sources.get(path)!.entry));
  const remaining = [...targets].filter(([, entry]) => regular(entry)).map(([path]) => path);
  const pairs = new Map<string, string>();
  const doubtful = new Set<string>();
  if (candidates.length === 0 || remaining.length === 0) return { pairs, doubtful };
  if (candidates.length * remaining.length > MAX_COMPARISONS) return { pairs, doubtful: new Set(candidates) };

  const qualifying: { source: string; target: string; low: number }[] = [];
  for (const source of candidates) {
    const sourceContent = await readBlob(sources.get(source)!.entry.oid);
    for (const target of remaining) {
      const targetContent = await readBlob(targets.get(target)!.oid);
      const score = similarityScore({ source: sourceContent, target: targetContent, minimumScore: MINIMUM_SCORE });
      if (score.high >= MINIMUM_SCORE - MARGIN) qualifying.push({ source, target, low: score.low });
    }
  }
  const degree = new Map<string, number>();
  for (const { source, target } of qualifying) {
    degree.set(`s:${source}`, (degree.get(`s:${source}`) ?? 0) + 1);
    degree.set(`t:${target}`, (degree.get(`t:${target}`) ?? 0) + 1);
  }
  for (const { source, target, low } of qualifying) {
    const info = sources.get(source)!;
    const certain =
      degree.get(`s:${source}`) === 1 &&
      degree.get(`t:${target}`) === 1 &&
      low >= MINIMUM_SCORE + MARGIN &&
      !uncertainTargets.has(target) &&
      info.relevant &&
      !info.underRemovedDir;
    if (certain) pairs.set(source, target);
    else doubtful.add(source);
  }
  return { pairs, doubtful };
}
