import type { GitContext } from '../git/git-context.js';
import { readCommit } from '../git/object-database/read-commit.js';
import { resolveCommitish } from '../git/refs/resolve-commitish.js';

/**
 * The tree ids of the given revisions (anything `resolveCommitish` takes), by tree id, each mapped to the
 * revision that named it. An unknown revision is the user error `resolveCommitish` raises.
 */
export async function resolveTrees(ctx: GitContext, revisions: string[]): Promise<Map<string, string>> {
  const trees = new Map<string, string>();
  for (const revision of revisions) {
    const { tree } = await readCommit(ctx, await resolveCommitish(ctx, revision));
    if (!trees.has(tree)) trees.set(tree, revision);
  }
  return trees;
}
