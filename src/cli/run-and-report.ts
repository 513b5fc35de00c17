import type { Mode, PipelineResult } from '../core/types.js';
import { chooseReporters } from '../report/choose-reporters.js';
import { combineObservers } from '../report/combine-observers.js';
import { createProgress } from '../report/create-progress.js';
import type { Environment } from '../report/types.js';
import type { Adapters } from '../workflows/adapters.js';
import { runPipeline, type RunOptions } from '../workflows/run-pipeline.js';
import { createAdapters } from './create-adapters.js';

/**
 * Runs a pipeline with live progress on stderr, then writes the run's reports (see `chooseReporters`: the
 * summary on stdout unless `--json`, where oclif prints the result instead; `--junit FILE`; `--html FILE`, which
 * also watches the run's events; GitHub's step
 * summary and annotations) and returns the result, whose exit status the command decides.
 *
 * Every report is checked writable before anything runs (a `--junit` file in a missing or read-only place
 * is a `BAD_USAGE` error, exit 2).
 */
export async function runAndReport(
  mode: Mode,
  options: Omit<RunOptions, 'observer' | 'adapters'> & {
    json: boolean;
    junit?: string;
    html?: string;
    env?: Environment;
    adapters?: Adapters;
  },
): Promise<PipelineResult> {
  const reporters = chooseReporters({
    cwd: options.cwd,
    json: options.json,
    junit: options.junit,
    html: options.html,
    env: options.env ?? process.env,
    stdout: process.stdout,
    stderr: process.stderr,
  });
  for (const reporter of reporters) reporter.check?.();

  // With --json too, as a shard does: progress is on stderr, and stdout holds the JSON alone.
  const progress = await createProgress({ stream: process.stderr });
  let result: PipelineResult;
  try {
    result = await runPipeline(mode, {
      ...options,
      adapters: options.adapters ?? createAdapters(),
      observer: combineObservers(
        progress,
        reporters.flatMap((reporter) => (reporter.observer ? [reporter.observer] : [])),
      ),
    });
  } finally {
    await progress.stop();
  }
  for (const reporter of reporters) await reporter.write(result);
  return result;
}
