import type { GitContext } from '../git-context.js';
import { readWalkCommit } from './read-walk-commit.js';

/**
 * Merge bases in get_merge_bases' order: newest committer date first, ties in the order given (git
 * inserts each by date into its list as found, after those of the same date). merge-ort merges them in
 * the reverse order, so the order decides the virtual merge base.
 */
export async function newestFirst(ctx: GitContext, oids: readonly string[]): Promise<string[]> {
  if (oids.length < 2) return [...oids];
  const dated = await Promise.all(
    oids.map(async (oid, at) => ({ oid, at, time: (await readWalkCommit(ctx, oid)).committerTime })),
  );
  dated.sort((x, y) => y.time - x.time || x.at - y.at);
  return dated.map((d) => d.oid);
}
