import type { GitMerge } from './merge-with-git.js';
import type { SpecgateMerge } from './merge-with-specgate.js';

/** How specgate's merge of a pair compares with git's. */
export type ReplayOutcome =
  | 'agree-clean'
  | 'agree-conflict'
  | 'specgate-refuses'
  | 'WRONG-TREE'
  | 'MISSED-CONFLICT'
  | 'specgate-timeout'
  | 'specgate-error'
  | 'git-error';

/** The outcomes that mean specgate gave a wrong answer (the others are agreement or a refusal). */
export const WRONG_OUTCOMES: ReadonlySet<ReplayOutcome> = new Set(['WRONG-TREE', 'MISSED-CONFLICT']);

/**
 * Compares the two merges of one pair. A refusal (specgate conflicts, git merges cleanly) is a miss but
 * not a wrong answer; a different clean tree, or a clean merge where git conflicts, is wrong.
 */
export function classifyReplay(args: {
  git: GitMerge;
  specgate: { result: SpecgateMerge } | { timeout: true } | { error: string };
}): ReplayOutcome {
  const { git, specgate } = args;
  if ('error' in git) return 'git-error';
  if ('timeout' in specgate) return 'specgate-timeout';
  if ('error' in specgate) return 'specgate-error';
  const ours = specgate.result;
  if (git.clean && ours.clean) return ours.tree === git.tree ? 'agree-clean' : 'WRONG-TREE';
  if (git.clean) return 'specgate-refuses';
  return ours.clean ? 'MISSED-CONFLICT' : 'agree-conflict';
}
