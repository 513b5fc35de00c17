import type { Sandbox } from './sandbox.js';

/**
 * The oracle: `git merge-tree --write-tree` on two commits. Exit status 0 is a clean merge, 1 a
 * conflict; anything else is an error. The first line of output is the tree either way.
 */
export function gitMergeTree(
  sandbox: Sandbox,
  ours: string,
  theirs: string,
  unrelated: boolean,
): { clean: boolean; tree: string; output: string } {
  const args = [
    'merge-tree',
    '--write-tree',
    ...(unrelated ? ['--allow-unrelated-histories'] : []),
    ours,
    theirs,
  ];
  const result = sandbox.git(args);
  if (result.status !== 0 && result.status !== 1)
    throw new Error(`git merge-tree failed (${result.status}): ${result.stderr}`);
  return { clean: result.status === 0, tree: result.stdout.split('\n')[0], output: result.stdout };
}
