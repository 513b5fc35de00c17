import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { interleaveRuns } from './interleave-runs.js';
import { GIT_ENV, runGit } from './run-git.js';
import { runMeasured, type MeasuredRun } from './run-measured.js';
import { writeNativeLoopScript } from './write-native-loop-script.js';

/** The outcome of the plan measurement, with the native stack that later measurements check against. */
export interface PlanMeasurement {
  specgate: MeasuredRun[];
  git: MeasuredRun[];
  /** The top speculative state of the native loop, and its tree. */
  topSha: string;
  topTree: string;
  mismatches: string[];
  errors: string[];
}

function tail(text: string): string {
  return text.trim().split('\n').slice(-5).join('\n    ');
}

/**
 * Measures `specgate plan CHANGES --json --no-cache` against the native loop (`git merge-tree --write-tree` then
 * `git commit-tree` for each change, as one bash process), interleaved, and checks every specgate run:
 * the tree of each change's `speculativeSha` must be the tree of the native state at the same position.
 */
export async function measurePlan(args: {
  repo: string;
  bin: string;
  changes: string[];
  runs: number;
  timeoutMs: number;
  scratch: string;
  log: (message: string) => void;
}): Promise<PlanMeasurement> {
  const { repo, changes } = args;
  const script = writeNativeLoopScript(path.join(args.scratch, 'native-merge-loop.sh'));
  const oracle = spawnSync('bash', [script, ...changes], {
    cwd: repo,
    env: GIT_ENV,
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  if (oracle.status !== 0) throw new Error(`the native merge loop failed: ${oracle.stderr}`);
  const states = oracle.stdout.trim().split('\n');
  const trees = runGit(repo, ['rev-parse', ...states.map((state) => `${state}^{tree}`)])
    .stdout.trim()
    .split('\n');
  const topSha = states[states.length - 1];
  const topTree = trees[trees.length - 1];
  const mismatches: string[] = [];
  const errors: string[] = [];

  const specgate = async (run: number): Promise<MeasuredRun> => {
    const sample = await runMeasured({
      command: process.execPath,
      // --no-cache: every merge computed afresh, as the native loop does (no merges remembered from the last run).
      args: [args.bin, 'plan', ...changes, '--json', '--no-cache', '-C', repo],
      cwd: args.scratch,
      env: { ...process.env, CI: 'true', NO_COLOR: '1', FORCE_COLOR: '0' },
      timeoutMs: args.timeoutMs,
    });
    if (sample.timedOut) return sample;
    let result: { changes?: { id: string; result?: string; speculativeSha?: string | null }[] } = {};
    try {
      result = JSON.parse(sample.stdout) as typeof result;
    } catch {
      errors.push(
        `plan run ${run + 1}: specgate exited with ${sample.status} and printed no JSON:\n    ${tail(sample.stderr)}`,
      );
      return sample;
    }
    if (sample.status !== 0 && sample.status !== 1)
      errors.push(`plan run ${run + 1}: specgate exited with ${sample.status}:\n    ${tail(sample.stderr)}`);
    const planned = result.changes ?? [];
    const shas = changes.map((id) => planned.find((change) => change.id === id)?.speculativeSha ?? undefined);
    const missing = changes.filter((_, i) => !shas[i]);
    if (missing.length > 0) {
      const first = planned.find((change) => change.id === missing[0]);
      mismatches.push(
        `plan run ${run + 1}: no speculative state for ${missing.length} change(s) git merges cleanly, first ${missing[0]} (${first?.result ?? 'absent'})`,
      );
      return sample;
    }
    const got = runGit(repo, ['rev-parse', ...shas.map((sha) => `${sha}^{tree}`)], { okStatuses: [0, 128] })
      .stdout.trim()
      .split('\n');
    const wrong = changes.findIndex((_, i) => got[i] !== trees[i]);
    if (wrong >= 0) {
      mismatches.push(
        `plan run ${run + 1}: the state of ${changes[wrong]} has tree ${got[wrong] ?? 'unreadable'}, native git's is ${trees[wrong]}` +
          ` (top: ${got[got.length - 1] ?? '?'} vs ${topTree})`,
      );
    }
    return sample;
  };
  const native = async (run: number): Promise<MeasuredRun> => {
    const sample = await runMeasured({
      command: 'bash',
      args: [script, ...changes],
      cwd: repo,
      env: GIT_ENV,
      timeoutMs: args.timeoutMs,
    });
    if (!sample.timedOut && (sample.status !== 0 || sample.stdout.trim().split('\n').pop() !== topSha)) {
      errors.push(
        `plan run ${run + 1}: the native loop exited with ${sample.status} or gave another top state:\n    ${tail(sample.stderr)}`,
      );
    }
    return sample;
  };
  const samples = await interleaveRuns({
    runs: args.runs,
    subject: specgate,
    reference: native,
    log: args.log,
    label: 'plan',
  });
  return { specgate: samples.subject, git: samples.reference, topSha, topTree, mismatches, errors };
}
