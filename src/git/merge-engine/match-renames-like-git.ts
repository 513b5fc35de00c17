import { MODE, type TreeEntry } from './merge-types.js';
import type { RenameSource } from './rename-types.js';
import { similarityScore, type FinalLine } from './similarity-score.js';

/** Git's default rename threshold (50%), on the 0–60000 scale. */
const MINIMUM_SCORE = 30000;
const MAX_SCORE = 60000;
/** Same-basename pairs must be this similar (diffcore-rename: halfway from the threshold to identical). */
const MIN_BASENAME_SCORE = MINIMUM_SCORE + Math.trunc(0.5 * (MAX_SCORE - MINIMUM_SCORE));
/** merge-ort's default `merge.renameLimit`: inexact detection is skipped past 7000 × 7000 comparisons. */
const RENAME_LIMIT = 7000;
/** How many best sources diffcore-rename keeps per target. */
const CANDIDATES_PER_TARGET = 4;

interface Scored {
  target: number;
  source: number;
  score: number;
  nameScore: number;
}

/**
 * Git's inexact rename detection for one side of a merge, as merge-ort runs diffcore-rename after the
 * exact pass: first same-basename pairs (a relevant source whose basename is unique among the remaining
 * sources and targets, paired when 75% similar), then the matrix of every remaining relevant source
 * against every remaining target, keeping each target's 4 best sources and pairing greedily from the
 * most similar down to the 50% threshold — skipped when the matrix exceeds `merge.renameLimit` squared.
 * Irrelevant sources (the other side left the path alone) are never paired, as in merge-ort.
 *
 * `sources` and `targets` are what the exact pass left, with every relevant source relevant for its
 * content. The result is git's pairs, or `uncertain` (with why) where git's answer cannot be known here:
 * a same-basename guess through a directory this side removed (git guesses from where the exact
 * renames went), a score that depends on git's version or on attributes, or more comparisons than
 * `maxComparisons` (specgate's bound on the work, below git's limit).
 */
export async function matchRenamesLikeGit(args: {
  sources: Map<string, RenameSource>;
  targets: Map<string, TreeEntry>;
  /** The exact pass's pairs (source → target): git guesses where a removed directory went from them. */
  exactPairs: Map<string, string>;
  /** Whether this side removed directory `dir`, which the base has. */
  dirRemoved: (dir: string) => Promise<boolean>;
  /** Whether this side removed a directory where the other side added files (directory renames in play). */
  directoryRenames: boolean;
  /** As for `pairExactRenames`: the directory only this side changed that a path lies in, if any. */
  region: (path: string) => string | undefined;
  readBlob: (oid: string) => Promise<Uint8Array>;
  maxComparisons: number;
}): Promise<{ pairs: Map<string, string> } | { uncertain: string }> {
  // merge-ort's walk order where it is known: path order, the directories only this side changed last.
  const order = (a: string, b: string) => {
    const ra = args.region(a) ?? '';
    const rb = args.region(b) ?? '';
    return ra !== rb ? (ra < rb ? -1 : 1) : a < b ? -1 : a > b ? 1 : 0;
  };
  const sources = [...args.sources.keys()].sort(order);
  const targets = [...args.targets.keys()].sort(order);
  const relevant = sources.filter((path) => args.sources.get(path)!.relevant);
  if (relevant.length === 0 || targets.length === 0) return { pairs: new Map() };

  const dropped = await matchWith('dropped', args, sources, targets);
  if ('uncertain' in dropped) return dropped;
  const counted = await matchWith('counted', args, sources, targets);
  if ('uncertain' in counted) return counted;
  const same =
    dropped.pairs.size === counted.pairs.size &&
    [...dropped.pairs].every(([s, t]) => counted.pairs.get(s) === t);
  return same
    ? dropped
    : {
        uncertain:
          'git versions before and after 2.44 pair these files differently (a last line without newline)',
      };
}

async function matchWith(
  finalLine: FinalLine,
  args: Parameters<typeof matchRenamesLikeGit>[0],
  sources: string[],
  targets: string[],
): Promise<{ pairs: Map<string, string> } | { uncertain: string }> {
  const pairs = new Map<string, string>();
  // With files from two directories walked last, their relative order is unknown: ties then matter.
  const known = (paths: string[]) => new Set(paths.map(args.region).filter((r) => r !== undefined)).size <= 1;
  const sourceOrderKnown = known(sources.filter((path) => args.sources.get(path)!.relevant));
  const targetOrderKnown = known(targets);
  const usedTargets = new Set<number>();
  const usedSources = new Set<number>();
  const regular = (entry: TreeEntry) => entry.mode === MODE.file || entry.mode === MODE.executable;
  const score = async (source: number, target: number, minimumScore: number): Promise<number | undefined> => {
    const s = args.sources.get(sources[source])!.entry;
    const t = args.targets.get(targets[target])!;
    if (!regular(s) || !regular(t)) return 0;
    const range = similarityScore({
      source: await args.readBlob(s.oid),
      target: await args.readBlob(t.oid),
      minimumScore,
      finalLine,
    });
    // CRs read differently as text or binary: trust a score only where both readings agree on it.
    if (range.low !== range.high && range.high >= MINIMUM_SCORE) return undefined;
    return range.low;
  };

  // Same-basename pass.
  const uniqueIndex = (paths: string[], skip: Set<number>) => {
    const index = new Map<string, number>();
    paths.forEach((path, i) => {
      if (skip.has(i)) return;
      const name = basename(path);
      index.set(name, index.has(name) ? -1 : i);
    });
    return index;
  };
  const sourceByName = uniqueIndex(sources, new Set());
  const targetByName = uniqueIndex(targets, new Set());
  const targetIndex = new Map(targets.map((path, i) => [path, i]));
  const guesses = await guessDirectoryRenames(args);
  for (let i = 0; i < sources.length; i++) {
    if (!args.sources.get(sources[i])!.relevant) continue;
    const name = basename(sources[i]);
    let target = targetByName.get(name);
    if (target === undefined) continue;
    if (sourceByName.get(name) === -1 || target === -1) {
      // Git then guesses the target from the directory the exact renames took this one's directory to.
      const guess = await guesses(dirname(sources[i]));
      if (guess === null) return { uncertain: `where ${sources[i]} went is guessed from a directory rename` };
      target = guess === undefined ? undefined : targetIndex.get(`${guess}/${name}`);
      if (target === undefined) continue;
    }
    const s = await score(i, target, MIN_BASENAME_SCORE);
    if (s === undefined)
      return { uncertain: `the similarity of ${sources[i]} and ${targets[target]} depends on attributes` };
    if (s < MIN_BASENAME_SCORE) continue;
    // Two sources good enough for one target: the first in git's walk takes it.
    if (usedTargets.has(target)) {
      if (sourceOrderKnown) continue;
      return { uncertain: `${sources[i]} and another source both fit ${targets[target]}` };
    }
    pairs.set(sources[i], targets[target]);
    usedTargets.add(target);
    usedSources.add(i);
  }

  // The matrix, over the relevant sources and the targets still unpaired.
  const matrixSources = sources
    .map((_, i) => i)
    .filter((i) => !usedSources.has(i) && args.sources.get(sources[i])!.relevant);
  const matrixTargets = targets.map((_, i) => i).filter((i) => !usedTargets.has(i));
  if (matrixSources.length === 0 || matrixTargets.length === 0) return { pairs };
  const comparisons = matrixSources.length * matrixTargets.length;
  if (comparisons > RENAME_LIMIT * RENAME_LIMIT) return { pairs };
  if (comparisons > args.maxComparisons) return { uncertain: `${comparisons} comparisons to make` };

  const matrix: Scored[] = [];
  for (const target of matrixTargets) {
    const best: Scored[] = Array.from({ length: CANDIDATES_PER_TARGET }, () => ({
      target: -1,
      source: -1,
      score: 0,
      nameScore: 0,
    }));
    const qualifying: Scored[] = [];
    for (const source of matrixSources) {
      const s = await score(source, target, MINIMUM_SCORE);
      if (s === undefined)
        return {
          uncertain: `the similarity of ${sources[source]} and ${targets[target]} depends on attributes`,
        };
      const candidate = {
        target,
        source,
        score: s,
        nameScore: basenameSame(sources[source], targets[target]) ? 1 : 0,
      };
      recordIfBetter(best, candidate);
      if (s >= MINIMUM_SCORE) qualifying.push(candidate);
    }
    // Which of several equal candidates git keeps for a target depends on its walk order.
    qualifying.sort(compareScores);
    const cut = qualifying[CANDIDATES_PER_TARGET];
    if (!sourceOrderKnown && cut && compareScores(qualifying[CANDIDATES_PER_TARGET - 1], cut) === 0)
      return { uncertain: `${targets[target]} has too many equal candidates` };
    matrix.push(...best);
  }
  matrix.sort(compareScores);
  const usable = matrix.filter((m) => m.target >= 0 && m.score >= MINIMUM_SCORE);
  // Equal pairs sharing a file are taken in git's walk order, which is not known here.
  for (let i = 1; i < usable.length && !(sourceOrderKnown && targetOrderKnown); i++) {
    for (let j = i - 1; j >= 0 && compareScores(usable[j], usable[i]) === 0; j--) {
      if (usable[j].source === usable[i].source || usable[j].target === usable[i].target) {
        return {
          uncertain: `${sources[usable[i].source]} and ${targets[usable[i].target]}: equal rival pairs`,
        };
      }
    }
  }
  for (const m of usable) {
    if (usedTargets.has(m.target) || usedSources.has(m.source)) continue;
    pairs.set(sources[m.source], targets[m.target]);
    usedTargets.add(m.target);
    usedSources.add(m.source);
  }
  return { pairs };
}

/** diffcore-rename's `score_compare`: unused slots last, then by score, then same basename first. */
function compareScores(a: Scored, b: Scored): number {
  if (a.target < 0) return b.target >= 0 ? 1 : 0;
  if (b.target < 0) return -1;
  if (a.score === b.score) return b.nameScore - a.nameScore;
  return b.score - a.score;
}

/** diffcore-rename's `record_if_better`: replace the worst of the kept candidates if `o` beats it. */
function recordIfBetter(best: Scored[], o: Scored): void {
  let worst = 0;
  for (let i = 1; i < best.length; i++) if (compareScores(best[i], best[worst]) > 0) worst = i;
  if (compareScores(best[worst], o) > 0) best[worst] = o;
}

/**
 * diffcore-rename's `dir_rename_guess`, as a function of a source's directory: where most exact
 * renames from that directory went, for a directory this side removed (undefined: no guess). `null`
 * where git's guess cannot be known here: a tie (git takes whichever its hash map yields first), or
 * directory renames in play (counts then also flow up from subdirectories).
 */
async function guessDirectoryRenames(args: {
  exactPairs: Map<string, string>;
  dirRemoved: (dir: string) => Promise<boolean>;
  directoryRenames: boolean;
}): Promise<(dir: string) => Promise<string | null | undefined>> {
  const counts = new Map<string, Map<string, number>>();
  for (const [source, target] of args.exactPairs) {
    const from = dirname(source);
    let to = counts.get(from);
    if (!to) counts.set(from, (to = new Map()));
    to.set(dirname(target), (to.get(dirname(target)) ?? 0) + 1);
  }
  return async (dir) => {
    if (!(await args.dirRemoved(dir))) return undefined;
    if (args.directoryRenames) return null;
    const to = counts.get(dir);
    if (!to) return undefined;
    const highest = Math.max(...to.values());
    const best = [...to].filter(([, n]) => n === highest);
    return best.length > 1 ? null : best[0][0];
  };
}

function dirname(path: string): string {
  return path.slice(0, Math.max(path.lastIndexOf('/'), 0));
}

function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

function basenameSame(a: string, b: string): boolean {
  return basename(a) === basename(b);
}
