import type { GitContext } from '../git-context.js';
import { listOwnCommits } from '../history/list-own-commits.js';
import type { OntoStateResult } from './merge-onto-state.js';
import { mergeTrees } from '../merge-engine/merge-trees.js';
import { writeCommit } from '../object-database/write-commit.js';
import { readCommit } from '../object-database/read-commit.js';
import { specgateSignature } from '../object-database/signature.js';

/**
 * Replays each of a change's own commits onto `state`, oldest first, as `git cherry-pick` would (a merge
 * commit is replayed against its first parent, as `-m 1` does): each commit keeps its author and message,
 * and gets specgate as committer at the original commit time, so the result is deterministic. The last
 * replayed commit is the new state; the first conflict stops the replay and is reported.
 */
export async function cherryPickOntoState(args: {
  ctx: GitContext;
  state: string;
  change: string;
  target: string;
  dependencies: string[];
}): Promise<OntoStateResult> {
  const { ctx } = args;
  const commits = await listOwnCommits(ctx, {
    tip: args.change,
    target: args.target,
    dependencies: args.dependencies,
  });
  let state = args.state;
  for (const commit of commits) {
    const ours = await readCommit(ctx, state);
    const base = commit.parents.length > 0 ? (await readCommit(ctx, commit.parents[0])).tree : undefined;
    const merged = await mergeTrees({ ctx, base, ours: ours.tree, theirs: commit.tree });
    if (!merged.clean) return merged;
    // A commit whose changes the state already has (an empty pick) is dropped, as `git rebase` drops it.
    if (merged.treeOid === ours.tree) continue;
    state = writeCommit(ctx, {
      tree: merged.treeOid,
      parents: [state],
      author: commit.author,
      committer: specgateSignature(commit.committerTime),
      message: commit.message,
    });
  }
  return { clean: true, oid: state };
}
