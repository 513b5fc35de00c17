import type { Mode, PipelineResult } from '../core/types.js';
import { createProgress } from '../report/create-progress.js';
import { createColors } from '../report/colors.js';
import { renderSummary } from '../report/render-summary.js';
import { runPipeline, type RunOptions } from '../workflows/run-pipeline.js';

/**
 * Runs a pipeline with live progress on stderr, then prints the summary on stdout (unless `--json`, where
 * oclif prints the result instead) and sets the exit status: 0 when every change passed, 1 otherwise.
 */
export async function runAndReport(
  mode: Mode,
  options: Omit<RunOptions, 'observer'> & { json: boolean },
): Promise<PipelineResult> {
  const progress = createProgress({ stream: process.stderr, quiet: options.json });
  let result: PipelineResult;
  try {
    result = await runPipeline(mode, { ...options, observer: progress });
  } finally {
    await progress.stop();
  }
  if (!options.json) {
    const color = createColors(process.stdout).level > 0;
    process.stdout.write(renderSummary(result, { color }));
  }
  if (result.verdict !== 'SUCCESS') process.exitCode = 1;
  return result;
}
