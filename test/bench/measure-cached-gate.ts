import fs from 'node:fs';
import path from 'node:path';
import type { PipelineResult } from '../../src/core/types.js';
import { interleaveRuns } from './interleave-runs.js';
import { runMeasured, type MeasuredRun } from './run-measured.js';

/** The cached re-run measurement: a fully cached `gate` against `plan` on the same queue. */
export interface CachedGateMeasurement {
  /** The first, filling run (not part of the comparison). */
  fillMs: number;
  gate: MeasuredRun[];
  plan: MeasuredRun[];
  errors: string[];
}

const CONFIG = `jobs:
  build:
    run: "true"
  unit:
    run: "true"
    dependencies: [build]
  lint:
    run: "true"
`;

/**
 * Fills the result cache with one `gate` of `changes` (three jobs per state, two of them dependent), then
 * measures whole-process re-runs of the same gate — every job served from `refs/notes/specgate`, no state
 * checked out, every merge remembered — against `specgate plan` of the same queue and configuration (its
 * merges remembered too), interleaved. Every re-run must report every
 * job `cached: true` and the first run's verdicts.
 */
export async function measureCachedGate(args: {
  repo: string;
  bin: string;
  changes: string[];
  runs: number;
  timeoutMs: number;
  scratch: string;
  log: (message: string) => void;
}): Promise<CachedGateMeasurement> {
  const config = path.join(args.scratch, 'cached-gate.specgaterc.yml');
  fs.writeFileSync(config, CONFIG);
  const env = { ...process.env, CI: 'true', NO_COLOR: '1', FORCE_COLOR: '0' };
  const errors: string[] = [];
  const gateArgs = [args.bin, 'gate', ...args.changes, '--json', '-C', args.repo, '--config', config];
  const verdicts = (result: PipelineResult) =>
    result.changes.map((change) => `${change.id}:${change.result}`).join(' ');

  const fill = await runMeasured({
    command: process.execPath,
    args: gateArgs,
    cwd: args.scratch,
    env,
    timeoutMs: args.timeoutMs,
  });
  let expected = '';
  try {
    expected = verdicts(JSON.parse(fill.stdout) as PipelineResult);
  } catch {
    errors.push(
      `the filling gate exited with ${fill.status} and printed no JSON: ${fill.stderr.trim().split('\n').slice(-3).join(' | ')}`,
    );
  }
  args.log(`cached gate: filled the cache in ${(fill.ms / 1000).toFixed(1)} s`);

  const gate = async (run: number): Promise<MeasuredRun> => {
    const sample = await runMeasured({
      command: process.execPath,
      args: gateArgs,
      cwd: args.scratch,
      env,
      timeoutMs: args.timeoutMs,
    });
    if (sample.timedOut) return sample;
    try {
      const result = JSON.parse(sample.stdout) as PipelineResult;
      const ran = result.changes
        .flatMap((change) => change.jobs)
        .filter((job) => !job.cached && job.result !== 'SKIPPED');
      if (ran.length > 0)
        errors.push(`cached gate run ${run + 1}: ${ran.length} job(s) were not served from the cache`);
      if (verdicts(result) !== expected)
        errors.push(`cached gate run ${run + 1}: verdicts differ from the first run's`);
    } catch {
      errors.push(`cached gate run ${run + 1}: exited with ${sample.status} and printed no JSON`);
    }
    return sample;
  };
  const plan = (): Promise<MeasuredRun> =>
    runMeasured({
      command: process.execPath,
      args: [args.bin, 'plan', ...args.changes, '--json', '-C', args.repo, '--config', config],
      cwd: args.scratch,
      env,
      timeoutMs: args.timeoutMs,
    });
  const samples = await interleaveRuns({
    runs: args.runs,
    subject: gate,
    reference: plan,
    log: args.log,
    label: 'cached gate vs plan',
  });
  return { fillMs: fill.ms, gate: samples.subject, plan: samples.reference, errors };
}
