import type { Repository } from './adapters.js';

/**
 * The tree ids of the given revisions (anything `resolveCommitish` takes), by tree id, each mapped to the
 * revision that named it. An unknown revision is the user error `resolveCommitish` raises.
 */
export async function resolveTrees(
  repository: Pick<Repository, 'readCommit' | 'resolveCommitish'>,
  revisions: string[],
): Promise<Map<string, string>> {
  const trees = new Map<string, string>();
  for (const revision of revisions) {
    const { tree } = await repository.readCommit(await repository.resolveCommitish(revision));
    if (!trees.has(tree)) trees.set(tree, revision);
  }
  return trees;
}
