import type { StrategyFigure } from './measure-gate-strategies.js';

/** The gate strategies' table, with the issue's targets: speculative ≤ 2.5 job-times, batch ≤ 1 + 2·log2(8) rounds. */
export function renderStrategies(figures: StrategyFigure[]): string {
  const lines = [
    '',
    'gate of 8 changes, 2 s job, 4th change failing, -j 8 (whole process, one run each)',
    '',
    `${'strategy'.padEnd(22)}${'wall time'.padEnd(12)}${'job-times'.padEnd(12)}${'states tested'.padEnd(16)}${'verdicts'.padEnd(12)}target`,
  ];
  for (const figure of figures) {
    const target =
      figure.label === 'speculative'
        ? `≤ 2.5 job-times: ${figure.jobTimes <= 2.5 ? 'met' : 'NOT MET'}`
        : figure.label === 'batch'
          ? `≤ 7 rounds: ${figure.states <= 7 ? 'met' : 'NOT MET'}`
          : 'reference (serial gating: 8 job-times)';
    lines.push(
      `${figure.label.padEnd(22)}${`${(figure.ms / 1000).toFixed(2)} s`.padEnd(12)}${figure.jobTimes.toFixed(2).padEnd(12)}${String(figure.states).padEnd(16)}${figure.verdicts.padEnd(12)}${target}`,
    );
  }
  return `${lines.join('\n')}\n(verdicts: S = SUCCESS, F = FAILURE, one letter per change in queue order)\n`;
}
