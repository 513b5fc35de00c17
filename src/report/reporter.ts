import type { PipelineResult, RunObserver } from '../core/types.js';

/**
 * One output of a finished pipeline run: the summary table, a JUnit file, GitHub's step summary and
 * annotations (and the reporters the next issues add). `chooseReporters` decides which ones a run has; the
 * run calls `check` on each before any job runs and `write` on each, in order, once the verdict is in.
 */
export interface Reporter {
  /** What it writes, for messages and tests (`summary`, `junit`, `html`, `step-summary`, `annotations`). */
  readonly name: string;
  /** What it must see of the run while it happens (the `--html` timeline); handed every live event. */
  readonly observer?: RunObserver;
  /**
   * Fails fast, before any job runs, when the report could not be written: throws a `UserError` naming
   * the place (exit 2). Absent when there is nothing to check.
   */
  check?(): void;
  /**
   * Writes the report of `result`. A reporter whose output matters less than the verdict warns instead of
   * throwing.
   */
  write(result: PipelineResult): Promise<void>;
}
