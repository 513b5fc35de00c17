import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { interleaveRuns } from './interleave-runs.js';
import { GIT_ENV, runGit } from './run-git.js';
import { runMeasured, type MeasuredRun } from './run-measured.js';

/** The outcome of the checkout measurement; `kept` lists directories left for inspection (`--keep`). */
export interface CheckoutMeasurement {
  specgate: MeasuredRun[];
  git: MeasuredRun[];
  mismatches: string[];
  errors: string[];
  kept: string[];
}

/**
 * Measures `specgate checkout CHANGES --dir DIR` (the top state) against `git worktree add --detach DIR
 * <native top state>`, interleaved. Each specgate directory must be a clean git checkout of the native top
 * tree (`HEAD^{tree}` equal, `git status` empty). Directories and worktrees are removed between runs,
 * outside the timed part, then `sync`ed; with `keep`, those of the last run stay.
 */
export async function measureCheckout(args: {
  repo: string;
  bin: string;
  changes: string[];
  topSha: string;
  topTree: string;
  runs: number;
  timeoutMs: number;
  scratch: string;
  keep: boolean;
  log: (message: string) => void;
}): Promise<CheckoutMeasurement> {
  const { repo } = args;
  const mismatches: string[] = [];
  const errors: string[] = [];
  const kept: string[] = [];
  const keepThis = (run: number): boolean => args.keep && run === args.runs - 1;
  // Flush the writeback of the last run's files and deletions, so that the next timed run does not pay for it.
  const settle = (): void => {
    spawnSync('sync');
  };

  const specgate = async (run: number): Promise<MeasuredRun> => {
    const dir = path.join(args.scratch, `specgate-checkout-${run + 1}`);
    fs.rmSync(dir, { recursive: true, force: true });
    const sample = await runMeasured({
      command: process.execPath,
      args: [args.bin, 'checkout', ...args.changes, '--dir', dir, '-C', repo],
      cwd: args.scratch,
      env: { ...process.env, CI: 'true', NO_COLOR: '1', FORCE_COLOR: '0' },
      timeoutMs: args.timeoutMs,
    });
    if (!sample.timedOut) {
      if (sample.status !== 0) {
        errors.push(
          `checkout run ${run + 1}: specgate exited with ${sample.status}: ${sample.stderr.trim().split('\n').slice(-3).join(' / ')}`,
        );
      } else {
        const tree = runGit(dir, ['rev-parse', 'HEAD^{tree}'], { okStatuses: [0, 128] }).stdout.trim();
        const status = runGit(dir, ['status', '--porcelain'], { okStatuses: [0, 128] });
        if (tree !== args.topTree)
          mismatches.push(
            `checkout run ${run + 1}: ${dir} has HEAD tree ${tree || 'unreadable'}, native git's top tree is ${args.topTree}`,
          );
        else if (status.status !== 0 || status.stdout.trim() !== '') {
          const lines = status.stdout.trim().split('\n');
          mismatches.push(
            `checkout run ${run + 1}: ${dir} is not a clean checkout (${lines.length} line(s) of git status, first: ${lines[0]})`,
          );
        }
      }
    }
    if (keepThis(run)) kept.push(dir);
    else fs.rmSync(dir, { recursive: true, force: true });
    settle();
    return sample;
  };
  const native = async (run: number): Promise<MeasuredRun> => {
    const dir = path.join(args.scratch, `git-worktree-${run + 1}`);
    const sample = await runMeasured({
      command: 'git',
      args: ['worktree', 'add', '--detach', dir, args.topSha],
      cwd: repo,
      env: GIT_ENV,
      timeoutMs: args.timeoutMs,
    });
    if (!sample.timedOut && sample.status !== 0)
      errors.push(
        `checkout run ${run + 1}: git worktree add exited with ${sample.status}: ${sample.stderr.trim()}`,
      );
    if (keepThis(run)) {
      kept.push(dir);
    } else {
      runGit(repo, ['worktree', 'remove', '--force', dir], { okStatuses: [0, 128] });
      fs.rmSync(dir, { recursive: true, force: true });
      runGit(repo, ['worktree', 'prune']);
    }
    settle();
    return sample;
  };
  const samples = await interleaveRuns({
    runs: args.runs,
    subject: specgate,
    reference: native,
    log: args.log,
    label: 'checkout',
  });
  return { specgate: samples.subject, git: samples.reference, mismatches, errors, kept };
}
