import { spawnSync } from 'node:child_process';

/** What `git merge-tree --write-tree` makes of two commits. */
export type GitMerge = { clean: boolean; tree: string; ms: number } | { error: string; ms: number };

/**
 * Merges two commits with native git, the oracle: `git merge-tree --write-tree` (merge-ort, git's
 * defaults) exits 0 with the tree for a clean merge and 1 with the conflicted tree otherwise.
 */
export function mergeWithGit(args: {
  dir: string;
  ours: string;
  theirs: string;
  timeoutMs: number;
}): GitMerge {
  const start = performance.now();
  const run = spawnSync(
    'git',
    ['merge-tree', '--write-tree', '--no-messages', '--allow-unrelated-histories', args.ours, args.theirs],
    {
      cwd: args.dir,
      encoding: 'utf8',
      timeout: args.timeoutMs,
      killSignal: 'SIGKILL',
      maxBuffer: 256 * 1024 * 1024,
    },
  );
  const ms = performance.now() - start;
  if (run.error) return { error: run.error.message, ms };
  if (run.status !== 0 && run.status !== 1)
    return { error: run.stderr.trim().split('\n')[0] || `exit ${run.status}`, ms };
  return { clean: run.status === 0, tree: run.stdout.split('\n')[0].trim(), ms };
}
