import type { MeasuredRun } from './run-measured.js';

/** Median and fastest wall time and the highest peak RSS over the runs that finished. */
export interface RunSummary {
  /** Runs that finished (exited, even unsuccessfully: their error is reported elsewhere). */
  count: number;
  timedOut: boolean;
  medianMs: number;
  minMs: number;
  peakRssKb: number;
}

/** Summarizes the runs of one side of a measurement; times are NaN when no run finished. */
export function summarizeRuns(runs: readonly MeasuredRun[]): RunSummary {
  const finished = runs.filter((run) => !run.timedOut);
  const times = finished.map((run) => run.ms).sort((a, b) => a - b);
  const middle = Math.floor(times.length / 2);
  const medianMs =
    times.length === 0
      ? Number.NaN
      : times.length % 2 === 1
        ? times[middle]
        : (times[middle - 1] + times[middle]) / 2;
  return {
    count: finished.length,
    timedOut: runs.some((run) => run.timedOut),
    medianMs,
    minMs: times.length === 0 ? Number.NaN : times[0],
    peakRssKb: Math.max(...runs.map((run) => (Number.isNaN(run.maxRssKb) ? 0 : run.maxRssKb)), 0),
  };
}
