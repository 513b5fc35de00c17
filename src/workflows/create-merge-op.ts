import type { StateOps } from '../core/pipeline-types.js';
import { compareHistories } from '../git/compare-histories.js';
import type { GitContext } from '../git/git-context.js';
import { mergeOntoState } from '../git/merge-onto-state.js';

/**
 * The `merge` operation of the pipelines: writes the speculative merge commit of a change onto a state, or
 * says which paths conflict. A change the state already contains leaves the state as it is.
 */
export function createMergeOp(args: { ctx: GitContext; target: { ref: string } }): StateOps['merge'] {
  return async (onto, change) => {
    // As git says "Already up to date": merging a contained change changes nothing.
    if ((await compareHistories(args.ctx, change.sha, onto)).tipOnly.length === 0) return { clean: true, sha: onto };
    const message = `specgate: merge ${change.id} into ${args.target.ref}\n`;
    const merged = await mergeOntoState({ ctx: args.ctx, state: onto, change: change.sha, message });
    if (merged.clean) return { clean: true, sha: merged.oid };
    const shown = merged.conflicts.slice(0, 3).map((c) => `${c.path} (${c.reason})`);
    const more = merged.conflicts.length > 3 ? ` and ${merged.conflicts.length - 3} more` : '';
    return { clean: false, message: `conflict in ${shown.join(', ')}${more}` };
  };
}
