import { detectCi } from './detect-ci.js';
import { annotationsReporter } from './annotations-reporter.js';
import { htmlReporter } from './html-reporter.js';
import { junitReporter } from './junit-reporter.js';
import type { Reporter } from './reporter.js';
import { stepSummaryReporter } from './step-summary-reporter.js';
import { summaryReporter } from './summary-reporter.js';
import type { Environment, ProgressStream } from './types.js';

/**
 * The outputs of a pipeline run, in the order they are written:
 *
 * - `junit` (`--junit FILE`): the JUnit XML report, written to that file;
 * - `html` (`--html FILE`): the picture of the run, a self-contained page (it observes the run's events);
 * - on GitHub Actions (`GITHUB_ACTIONS=true`) with `$GITHUB_STEP_SUMMARY` set: the Markdown job summary
 *   appended there;
 * - for people (not `json`): the summary table on `stdout`, then, on GitHub Actions, one `::error`
 *   annotation per rejected change — never with `--json`, whose stdout holds the JSON result only.
 *
 * The one place that decides which reporters a run has: a new output is one more entry here.
 */
export function chooseReporters(args: {
  cwd: string;
  json: boolean;
  junit?: string;
  html?: string;
  env: Environment;
  stdout: ProgressStream;
  stderr: NodeJS.WritableStream;
}): Reporter[] {
  const github = detectCi(args.env).githubActions;
  const stepSummary = args.env.GITHUB_STEP_SUMMARY;
  return [
    ...(args.junit !== undefined ? [junitReporter({ cwd: args.cwd, given: args.junit })] : []),
    ...(args.html !== undefined ? [htmlReporter({ cwd: args.cwd, given: args.html })] : []),
    ...(github && stepSummary ? [stepSummaryReporter({ file: stepSummary, stderr: args.stderr })] : []),
    ...(args.json ? [] : [summaryReporter({ stream: args.stdout, env: args.env })]),
    ...(github && !args.json ? [annotationsReporter({ stream: args.stdout })] : []),
  ];
}
