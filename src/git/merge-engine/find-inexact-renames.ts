import { MODE, type TreeEntry } from './merge-types.js';
import type { RenameSource } from './rename-types.js';
import { similarityScore } from './similarity-score.js';

/** Git's default rename threshold: 50% similar. */
const MINIMUM_SCORE = 30000;
/** Beyond this many comparisons specgate stops estimating and treats every candidate as uncertain. */
const MAX_COMPARISONS = 1_000_000;

/**
 * Inexact rename detection where git's own pairing cannot be replayed (which sources git compares is
 * not known: sources relevant only for directory renames, or several identical files), reduced to what
 * specgate can be sure of. Compares every candidate source
 * with every remaining target (regular files only, as git does) and returns:
 *
 * - `pairs`: renames git is certain to find: a source and a target that are similar (50% or
 *   more, git's score in every reading) while neither is similar to anything else, so no basename or score ordering could pair them
 *   differently (and the target is certainly left over by the exact pass);
 * - `doubtful`: every other pairing git might make (a score on either side of the threshold depending on the
 *   reading, or competing);
 * - `overflow`: too many comparisons to make; then nothing is known.
 */
export async function findInexactRenames(args: {
  candidates: string[];
  sources: Map<string, RenameSource>;
  targets: Map<string, TreeEntry>;
  uncertainTargets: Set<string>;
  readBlob: (oid: string) => Promise<Uint8Array>;
}): Promise<{ pairs: Map<string, string>; doubtful: [string, string][]; overflow: boolean }> {
  const { sources, targets, uncertainTargets, readBlob } = args;
  const regular = (entry: TreeEntry) => entry.mode === MODE.file || entry.mode === MODE.executable;
  const candidates = args.candidates.filter((path) => regular(sources.get(path)!.entry));
  const remaining = [...targets].filter(([, entry]) => regular(entry)).map(([path]) => path);
  const pairs = new Map<string, string>();
  const doubtful: [string, string][] = [];
  if (candidates.length === 0 || remaining.length === 0) return { pairs, doubtful, overflow: false };
  if (candidates.length * remaining.length > MAX_COMPARISONS) return { pairs, doubtful, overflow: true };

  const qualifying: { source: string; target: string; low: number }[] = [];
  for (const source of candidates) {
    const sourceContent = await readBlob(sources.get(source)!.entry.oid);
    for (const target of remaining) {
      const targetContent = await readBlob(targets.get(target)!.oid);
      const score = similarityScore({
        source: sourceContent,
        target: targetContent,
        minimumScore: MINIMUM_SCORE,
      });
      if (score.high >= MINIMUM_SCORE) qualifying.push({ source, target, low: score.low });
    }
  }
  const degree = new Map<string, number>();
  const bump = (key: string) => degree.set(key, (degree.get(key) ?? 0) + 1);
  for (const { source, target } of qualifying) {
    bump(`s:${source}`);
    bump(`t:${target}`);
  }
  for (const { source, target, low } of qualifying) {
    const certain =
      degree.get(`s:${source}`) === 1 &&
      degree.get(`t:${target}`) === 1 &&
      low >= MINIMUM_SCORE &&
      !uncertainTargets.has(target);
    if (certain) pairs.set(source, target);
    else doubtful.push([source, target]);
  }
  return { pairs, doubtful, overflow: false };
}
