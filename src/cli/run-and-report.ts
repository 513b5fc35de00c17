import fs from 'node:fs';
import path from 'node:path';

import type { Mode, PipelineResult } from '../core/types.js';
import { UserError } from '../errors/specgate-error.js';
import { toUserError } from '../errors/to-user-error.js';
import { createProgress } from '../report/create-progress.js';
import { detectCi } from '../report/detect-ci.js';
import type { Environment } from '../report/types.js';
import { runPipeline, type RunOptions } from '../workflows/run-pipeline.js';

/**
 * Runs a pipeline with live progress on stderr, then prints the summary on stdout (unless `--json`, where
 * oclif prints the result instead) and sets the exit status: 0 when every change passed, 1 otherwise.
 *
 * CI outputs: with `junit` (`--junit FILE`, relative to `cwd`) the JUnit XML report is written there; the
 * file is checked writable before anything runs (else a `BAD_USAGE` error, exit 2). On GitHub Actions
 * (`GITHUB_ACTIONS=true`) the Markdown summary is appended to `$GITHUB_STEP_SUMMARY` when that is set, and
 * one `::error` annotation per rejected change is printed on stdout — except with `--json`, whose stdout
 * holds the JSON result only.
 */
export async function runAndReport(
  mode: Mode,
  options: Omit<RunOptions, 'observer'> & { json: boolean; junit?: string; env?: Environment },
): Promise<PipelineResult> {
  const env = options.env ?? process.env;
  const junit = options.junit === undefined ? undefined : path.resolve(options.cwd, options.junit);
  if (junit) assertWritable(junit, options.junit!);

  const progress = await createProgress({ stream: process.stderr, quiet: options.json });
  let result: PipelineResult;
  try {
    result = await runPipeline(mode, { ...options, observer: progress });
  } finally {
    await progress.stop();
  }

  // Each output's renderer is loaded only when that output is asked for: start-up is part of every run.
  if (junit) {
    const { renderJunit } = await import('../report/render-junit.js');
    writeReport(junit, options.junit!, renderJunit(result));
  }
  const github = detectCi(env).githubActions;
  const stepSummary = env.GITHUB_STEP_SUMMARY;
  if (github && stepSummary) {
    try {
      const { renderStepSummary } = await import('../report/render-step-summary.js');
      fs.appendFileSync(stepSummary, renderStepSummary(result));
    } catch (error) {
      // The verdict matters more than the summary: say so, and keep the run's exit status.
      process.stderr.write(`specgate: warning: cannot write the step summary to ${stepSummary}: ${(error as Error).message}\n`);
    }
  }
  if (!options.json) {
    const [{ createColors }, { renderSummary }] = await Promise.all([import('../report/colors.js'), import('../report/render-summary.js')]);
    const color = createColors(process.stdout).level > 0;
    process.stdout.write(renderSummary(result, { color }));
    if (github) process.stdout.write((await import('../report/render-annotations.js')).renderAnnotations(result));
  }
  if (result.verdict !== 'SUCCESS') process.exitCode = 1;
  return result;
}

/** Fails fast, before any job runs, when the report could not be written: a missing or read-only place. */
function assertWritable(file: string, given: string): void {
  const problem = (reason: string) => new UserError('BAD_USAGE', `--junit: cannot write ${given}: ${reason}`);
  let stat: fs.Stats | undefined;
  try {
    stat = fs.statSync(file);
  } catch {
    // Does not exist yet: its directory must.
  }
  if (stat?.isDirectory()) throw problem('it is a directory');
  const target = stat ? file : path.dirname(file);
  if (!stat) {
    let parent: fs.Stats;
    try {
      parent = fs.statSync(target);
    } catch {
      throw problem(`no such directory ${target}`);
    }
    if (!parent.isDirectory()) throw problem(`${target} is not a directory`);
  }
  try {
    fs.accessSync(target, fs.constants.W_OK);
  } catch {
    throw problem(stat ? 'permission denied' : `directory ${target} is not writable`);
  }
}

/**
 * Writes the report whole or not at all: into a temporary file renamed over `file`, so that a full disk or
 * a second Ctrl-C never leaves half a report for CI to read.
 */
function writeReport(file: string, given: string, content: string): void {
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    fs.writeFileSync(temporary, content);
    fs.renameSync(temporary, file);
  } catch (error) {
    fs.rmSync(temporary, { force: true });
    const fault = toUserError(error, { where: file });
    if (fault) throw new UserError(fault.code, `--junit: cannot write ${given}: ${fault.message}`, { suggestion: fault.suggestion, data: fault.data });
    throw new UserError('BAD_USAGE', `--junit: cannot write ${given}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}
