import { findMergeBases } from '../history/find-merge-bases.js';
import type { GitContext } from '../git-context.js';
import { letEventLoopRun } from '../history/let-event-loop-run.js';
import { mergeTrees } from './merge-trees.js';
import { readCommit } from '../object-database/read-commit.js';

/**
 * The tree to merge from: undefined for unrelated histories; `conflict` when specgate cannot make the
 * virtual base git would.
 */
export type MergeBaseTree = { conflict: false; tree?: string } | { conflict: true };

/** A virtual merge base stands for the real commits merged into it; a real commit stands for itself. */
type Tips = readonly string[];

const REFUSED = Symbol('refused');
type Built = { tree?: string } | typeof REFUSED;

/**
 * The merge base of commits `a` and `b`, as a tree, as merge-ort's `merge_ort_internal` makes it: the
 * single best common ancestor's tree; none for unrelated histories; and for criss-cross histories (any
 * number of merge bases) a virtual merge base. The bases are taken oldest first (git's get_merge_bases
 * order, reversed as merge_incore_recursive does) and merged one after another, each step a merge one
 * level deeper (call_depth + 1) whose conflicts are resolved the way git resolves them there (conflict
 * markers, the base's version; see mergeTrees' `depth`). Each step's result is a virtual commit whose
 * parents are the two commits merged, so the merge bases of it and the next base are the best common
 * ancestors of the next base and any real commit merged into it — which may call for a virtual base of
 * their own, recursively.
 *
 * Every merge of the recursion is remembered for the repository's cache (by its commits and depth), so
 * histories with dozens of merge bases cost each distinct merge once, and the event loop gets a turn
 * between steps. The result is `conflict` when some merge of merge bases needs what specgate does not
 * model (see mergeTrees); it then never guesses a tree.
 */
export async function mergeBaseTree(ctx: GitContext, a: string, b: string): Promise<MergeBaseTree> {
  // git asks get_merge_bases(ours, theirs); callers name the change merged (theirs) first. Often the pair
  // the merge operation's history comparison already walked (memoised).
  const bases = [...(await findMergeBases(ctx, b, a))].reverse();
  if (bases.length === 0) return { conflict: false };
  const merged = await mergeBases(ctx, bases, 1);
  return merged === REFUSED ? { conflict: true } : { conflict: false, tree: merged.tree };
}

/** The virtual commit made by merging `bases` in order at `depth` (a single base: its own tree). */
async function mergeBases(ctx: GitContext, bases: string[], depth: number): Promise<Built> {
  let tips: string[] = [bases[0]];
  let tree: string | undefined = (await readCommit(ctx, bases[0])).tree;
  for (const next of bases.slice(1)) {
    await letEventLoopRun(true);
    const built = await mergeCommits(ctx, tips, tree, next, depth);
    if (built === REFUSED) return REFUSED;
    tips = [...tips, next];
    tree = built.tree;
  }
  return { tree };
}

/**
 * merge_ort_internal(h1, h2) at `depth`: h1 is the (possibly virtual) commit of `tips` with tree `tree`,
 * h2 the real commit `next`. Remembered in the run's object database, by commits and depth.
 */
function mergeCommits(
  ctx: GitContext,
  tips: Tips,
  tree: string | undefined,
  next: string,
  depth: number,
): Promise<Built> {
  const memo = ctx.objectDatabase.memo(mergeCommits, () => new Map<string, Promise<Built>>());
  const key = `${depth}:${tips.join('+')}:${next}`;
  let built = memo.get(key);
  if (!built) {
    built = (async (): Promise<Built> => {
      const bases = await orderedMergeBases(ctx, tips, next);
      let base: string | undefined;
      if (bases.length > 0) {
        const merged = await mergeBases(ctx, bases, depth + 1);
        if (merged === REFUSED) return REFUSED;
        base = merged.tree;
      }
      await letEventLoopRun();
      const result = await mergeTrees({
        ctx,
        base,
        ours: tree ?? EMPTY_TREE,
        theirs: (await readCommit(ctx, next)).tree,
        depth,
      });
      return result.clean ? { tree: result.treeOid } : REFUSED;
    })();
    memo.set(key, built);
  }
  return built;
}

const EMPTY_TREE = '4b825dc642cb6eb9a060e54bf8d69288fbee4904';

/**
 * The best common ancestors of `other` and the commit standing for `tips`, in the order merge-ort merges
 * them: oldest committer date first (get_merge_bases lists them newest first; merge_incore_recursive
 * reverses that). Inside the recursion one walk from all of `tips` at once (a virtual commit's history
 * is its real commits'), as git walks through a virtual commit's parents.
 */
async function orderedMergeBases(ctx: GitContext, tips: Tips, other: string): Promise<string[]> {
  await letEventLoopRun();
  return [...(await findMergeBases(ctx, tips, other))].reverse();
}
