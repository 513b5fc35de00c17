import type { GitContext } from '../git-context.js';
import { readCommit } from '../read-commit.js';
import { paintDownToCommon } from './paint-down-to-common.js';
import { removeRedundantBases } from './remove-redundant-bases.js';

/**
 * The best common ancestors of a commit made of the real commits `ones` (a virtual merge base, whose
 * history is theirs) and the commit `two`, as git's get_merge_bases finds them: paint_down_to_common
 * from both sides at once, newest commit first, then remove_redundant (a candidate reachable from
 * another is dropped). In git's order: newest committer date first, ties in the order found.
 *
 * One walk per question, however many commits `ones` holds, and nothing is kept but the answer: a
 * merge of a commit with dozens of merge bases asks this once per base.
 */
export async function findMergeBases(ctx: GitContext, ones: readonly string[], two: string): Promise<string[]> {
  if (ones.includes(two)) return [two];
  const candidates = await paintDownToCommon({ ctx, ones, twos: [two] });
  const bases = candidates.length < 2 ? candidates : await removeRedundantBases(ctx, candidates);
  const dated = await Promise.all(bases.map(async (oid, at) => ({ oid, at, time: (await readCommit(ctx, oid)).committerTime })));
  dated.sort((x, y) => y.time - x.time || x.at - y.at);
  return dated.map((d) => d.oid);
}

