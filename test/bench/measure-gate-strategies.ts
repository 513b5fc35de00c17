import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { PipelineResult } from '../../src/core/types.js';
import { buildRepository, type Fixture } from '../helpers/build-repository.js';
import { runMeasured } from './run-measured.js';

/** What one gate strategy took on the 8-change queue. */
export interface StrategyFigure {
  label: string;
  ms: number;
  /** Wall time in units of the job's duration. */
  jobTimes: number;
  /** Distinct states on which jobs ran (for batches: bisection rounds). */
  states: number;
  verdicts: string;
}

const JOB_SECONDS = 2;
const CHANGES = 8;
const BAD = 4;

/**
 * The gate strategies' benchmark: 8 queued changes, a 2 s job, the 4th change failing, `-j 8`. Runs
 * `specgate gate` whole-process with the speculative strategy, the batch strategy, and the speculative
 * strategy with `--window 1` (which tests one change at a time: serial gating, the reference), and reports
 * each wall time in job-times. Each run must give the same verdicts.
 */
export async function measureGateStrategies(args: {
  bin: string;
  timeoutMs: number;
}): Promise<StrategyFigure[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'specgate-bench-gate-'));
  try {
    const branches: Fixture['branches'] = {
      main: { commits: [{ message: 'start', files: { 'README.md': 'queue\n' } }] },
    };
    for (let i = 1; i <= CHANGES; i += 1) {
      const files: Record<string, string> = { [`change-${i}.txt`]: `${i}\n` };
      if (i === BAD) files.BAD = 'this change breaks the tests\n';
      branches[`change-${i}`] = { from: 'main', commits: [{ message: `change ${i}`, files }] };
    }
    await buildRepository(dir, { branches });
    const config = path.join(dir, '.git', 'bench-config.yml');
    fs.writeFileSync(config, `jobs:\n  test:\n    run: sleep ${JOB_SECONDS}; test ! -e BAD\n`);
    const queue = Array.from({ length: CHANGES }, (_, i) => `change-${i + 1}`);

    const figures: StrategyFigure[] = [];
    for (const [label, extra] of [
      ['speculative', []],
      ['batch', ['--strategy', 'batch']],
      ['serial (--window 1)', ['--window', '1']],
    ] as const) {
      const run = await runMeasured({
        command: process.execPath,
        // --no-cache: each strategy runs its jobs, rather than taking the results of the one before.
        args: [args.bin, 'gate', ...queue, '-j', '8', '--json', '--no-cache', '--config', config, ...extra],
        cwd: dir,
        env: { ...process.env, CI: 'true' },
        timeoutMs: args.timeoutMs,
      });
      if (run.status !== 1)
        throw new Error(`gate (${label}) exited ${run.status}: ${run.stderr.slice(0, 500)}`);
      const result = JSON.parse(run.stdout) as PipelineResult;
      figures.push({
        label,
        ms: run.ms,
        jobTimes: run.ms / (JOB_SECONDS * 1000),
        states: new Set(result.builds.map((build) => build.includes.join('+'))).size,
        verdicts: result.changes.map((change) => change.result[0]).join(''),
      });
    }
    return figures;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
