import type { BenchRepositoryMeta } from './build-bench-repository.js';
import type { RunSummary } from './summarize-runs.js';

/** One line of the table: specgate against its native reference, and the ratio the issue asks for. */
export interface ReportRow {
  measurement: string;
  specgate: RunSummary;
  git: RunSummary;
  /** The highest acceptable specgate/git ratio of medians. */
  target: number;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(3)} s`;
}

function time(summary: RunSummary, timeoutMs: number): string {
  if (summary.count === 0) return summary.timedOut ? `> ${seconds(timeoutMs)} (timed out)` : 'not run';
  return `${seconds(summary.medianMs)} (${seconds(summary.minMs)})${summary.timedOut ? ' +timeout' : ''}`;
}

function mebibytes(kb: number): string {
  return kb > 0 ? `${(kb / 1024).toFixed(0)} MiB` : '?';
}

function grouped(n: number): string {
  return n.toLocaleString('en-US');
}

/**
 * Renders the benchmark's result for a terminal: the scale of the repository, a table with one row per
 * measurement (medians and minimums, ratio, peak RSS, target and whether it is met), then the correctness
 * verdict. A side with no finished run counts as "not met" (a timeout is far beyond any target).
 */
export function renderReport(args: {
  meta: BenchRepositoryMeta;
  runs: number;
  timeoutMs: number;
  rows: ReportRow[];
  correctness: string[];
}): string {
  const { meta } = args;
  const header = [
    'measurement',
    'specgate median (min)',
    'git median (min)',
    'ratio',
    'specgate peak RSS',
    'git peak RSS',
    'target',
    'result',
  ];
  const body = args.rows.map((row) => {
    const ratio = row.specgate.medianMs / row.git.medianMs;
    const known = Number.isFinite(ratio);
    return [
      row.measurement,
      time(row.specgate, args.timeoutMs),
      time(row.git, args.timeoutMs),
      known
        ? `${ratio.toFixed(2)}×`
        : row.specgate.timedOut && row.git.count > 0
          ? `> ${(args.timeoutMs / row.git.medianMs).toFixed(0)}×`
          : '?',
      mebibytes(row.specgate.peakRssKb),
      mebibytes(row.git.peakRssKb),
      `≤ ${row.target.toFixed(1)}×`,
      known && ratio <= row.target ? 'met' : 'NOT MET',
    ];
  });
  const widths = header.map((title, column) =>
    Math.max(title.length, ...body.map((cells) => cells[column].length)),
  );
  const line = (cells: string[]): string =>
    cells
      .map((cell, column) => cell.padEnd(widths[column]))
      .join('  ')
      .trimEnd();
  return [
    `specgate bench: ${grouped(meta.paths)} paths six levels deep (files, executables, symlinks), ${grouped(meta.commits)} commits on main,` +
      ` ${meta.changes.length} queued changes, pack ${(meta.packBytes / 1024 / 1024).toFixed(1)} MiB`,
    `${args.runs} run(s) of each side, interleaved; whole-process wall time; peak RSS = largest single process (GNU time)`,
    '',
    line(header),
    line(widths.map((width) => '-'.repeat(width))),
    ...body.map(line),
    '',
    ...args.correctness,
    '',
  ].join('\n');
}
