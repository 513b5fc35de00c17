import { formatData } from './format-data.js';
import type { ChangePlan } from './plan-change.js';
import { runGit } from './run-git.js';

/**
 * Writes the commits of `plan` on top of `base` as branch `branch` with one `git fast-import` process,
 * replacing the branch if it exists (a regenerated change). Commit `c` is dated `time + c` seconds.
 */
export function writeChange(args: {
  repo: string;
  branch: string;
  base: string;
  plan: ChangePlan;
  time: number;
}): void {
  const parts: string[] = [];
  args.plan.commits.forEach((commit, c) => {
    const when = `${args.time + c} +0000`;
    parts.push(`commit refs/heads/${args.branch}\n`);
    parts.push(
      `author Bench Author <author@example.com> ${when}\ncommitter Bench Committer <committer@example.com> ${when}\n`,
    );
    parts.push(formatData(commit.message));
    if (c === 0) parts.push(`from ${args.base}\n`);
    for (const write of commit.writes)
      parts.push(`M ${write.mode} inline ${write.path}\n${formatData(write.content)}`);
    for (const deleted of commit.deletes) parts.push(`D ${deleted}\n`);
    parts.push('\n');
  });
  runGit(args.repo, ['fast-import', '--quiet', '--force'], { input: parts.join('') });
}
