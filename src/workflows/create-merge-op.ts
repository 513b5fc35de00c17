import type { MergeMode } from '../config/types.js';
import type { MergeOutcome, PlannedChange, StateOps } from '../core/queue/pipeline-types.js';
import { checkoutOf, withCheckout } from '../core/queue/speculative-state.js';
import type { MergeMemo } from '../merge-memo/open-merge-memo.js';
import type { Repository } from './adapters.js';

/**
 * The `merge` operation of the pipelines: brings a change into its project's checkout of a state (the
 * home project's, for a change that names none), in the configured merge mode —
 * `merge` (a `--no-ff` merge commit), `cherry-pick` (each of its own commits replayed) or `squash-merge`
 * (one commit) — writing deterministic commits, or says which paths conflict. A change the state already
 * contains leaves the state as it is; the other projects' checkouts are never touched. With a `memo`, a
 * merge done by an earlier run is not done again (as long as its commit is still in the repository).
 */
export function createMergeOp(args: {
  repository: Pick<
    Repository,
    'compareHistories' | 'hasCommitAndTree' | 'mergeOntoState' | 'cherryPickOntoState' | 'squashOntoState'
  >;
  target: { ref: string; sha: string };
  queue: PlannedChange[];
  mode: MergeMode;
  memo?: MergeMemo;
}): StateOps['merge'] {
  const { repository, target } = args;
  const shaOf = new Map(args.queue.map((change) => [change.id, change.sha]));
  const remembered = async (onto: string, change: PlannedChange) => {
    // Everything the merge and its commit depend on.
    const inputs = {
      mode: args.mode,
      onto,
      change: change.sha,
      // In the commit message (merge) or author line (squash-merge).
      id: change.id,
      target: target.ref,
      // Where cherry-pick and squash-merge start a change's own commits from.
      targetSha: target.sha,
      dependencies: change.dependsOn.map((id) => shaOf.get(id)),
    };
    const known = args.memo?.get(inputs);
    if (known?.clean === false) return known;
    // Both the commit and its tree: git gc prunes by age, object by object; pruned since, merge again.
    if (known?.clean && (await repository.hasCommitAndTree(known.sha))) return known;
    const merged = await mergeOne(onto, change);
    args.memo?.set(inputs, merged);
    return merged;
  };
  const mergeOne = async (onto: string, change: PlannedChange) => {
    // As git says "Already up to date": merging a contained change changes nothing.
    if ((await repository.compareHistories(change.sha, onto)).tipOnly.length === 0)
      return { clean: true as const, sha: onto };
    const dependencies = change.dependsOn.map((id) => shaOf.get(id)!);
    const common = { state: onto, change: change.sha };
    const merged =
      args.mode === 'cherry-pick'
        ? await repository.cherryPickOntoState({ ...common, target: target.sha, dependencies })
        : args.mode === 'squash-merge'
          ? await repository.squashOntoState({
              ...common,
              changeId: change.id,
              target: target.sha,
              dependencies,
            })
          : await repository.mergeOntoState({
              ...common,
              message: `specgate: merge ${change.id} into ${target.ref}\n`,
            });
    if (merged.clean) return { clean: true as const, sha: merged.oid };
    const shown = merged.conflicts.slice(0, 3).map((c) => `${c.path} (${c.reason})`);
    const more = merged.conflicts.length > 3 ? ` and ${merged.conflicts.length - 3} more` : '';
    return { clean: false as const, message: `conflict in ${shown.join(', ')}${more}` };
  };
  // A bundle (a dependency cycle judged as one) merges its members one after another.
  return async (onto, change): Promise<MergeOutcome> => {
    let state = onto;
    for (const member of change.members ?? [change]) {
      const checkout = checkoutOf(state, member.project);
      const merged = await remembered(checkout.sha, member);
      if (!merged.clean)
        return change.members ? { clean: false, message: `${member.id}: ${merged.message}` } : merged;
      // A new commit: its tree and directory are not known yet.
      if (merged.sha !== checkout.sha)
        state = withCheckout(state, { project: checkout.project, sha: merged.sha });
    }
    return { clean: true, state };
  };
}
