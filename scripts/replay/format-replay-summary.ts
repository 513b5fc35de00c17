import type { ReplayOutcome } from './classify-replay.js';

/** One replayed merge commit. */
export interface ReplayRecord {
  merge: string;
  parents: [string, string];
  bases: number;
  outcome: ReplayOutcome;
  gitMs: number;
  specgateMs: number;
  /** Why specgate refused, for disagreements: its first conflict, or the error. */
  detail?: string;
}

const COLUMNS: ReplayOutcome[] = [
  'agree-clean',
  'agree-conflict',
  'specgate-refuses',
  'WRONG-TREE',
  'MISSED-CONFLICT',
  'specgate-timeout',
  'specgate-error',
  'git-error',
];

/** The counts of each outcome, in total and by number of merge bases. */
export function countOutcomes(records: ReplayRecord[]): {
  total: Record<ReplayOutcome, number>;
  byBases: Map<number, Record<ReplayOutcome, number>>;
} {
  const empty = () => Object.fromEntries(COLUMNS.map((c) => [c, 0])) as Record<ReplayOutcome, number>;
  const total = empty();
  const byBases = new Map<number, Record<ReplayOutcome, number>>();
  for (const r of records) {
    total[r.outcome] += 1;
    if (!byBases.has(r.bases)) byBases.set(r.bases, empty());
    byBases.get(r.bases)![r.outcome] += 1;
  }
  return { total, byBases: new Map([...byBases].sort(([a], [b]) => a - b)) };
}

/**
 * The replay's report as text: a table of outcomes by number of merge bases, every disagreement with its
 * commit ids, both sides' elapsed time and the slowest merges.
 */
export function formatReplaySummary(args: {
  repo: string;
  records: ReplayRecord[];
  slowest: number;
}): string {
  const { records } = args;
  const { total, byBases } = countOutcomes(records);
  const shown = COLUMNS.filter(
    (c) =>
      c.startsWith('agree') ||
      c === 'specgate-refuses' ||
      c === 'WRONG-TREE' ||
      c === 'MISSED-CONFLICT' ||
      total[c] > 0,
  );
  const header = ['merge bases', 'merges', ...shown];
  const row = (label: string, counts: Record<ReplayOutcome, number>) => [
    label,
    String(COLUMNS.reduce((sum, c) => sum + counts[c], 0)),
    ...shown.map((c) => String(counts[c])),
  ];
  const rows = [
    header,
    ...[...byBases].map(([bases, counts]) => row(String(bases), counts)),
    row('all', total),
  ];
  const widths = header.map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  const lines = [`replayed ${records.length} merge commits of ${args.repo} (newest first)`, ''];
  for (const r of rows)
    lines.push(r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  '));

  const seconds = (ms: number) => (ms / 1000).toFixed(2);
  const gitMs = records.reduce((sum, r) => sum + r.gitMs, 0);
  const specgateMs = records.reduce((sum, r) => sum + r.specgateMs, 0);
  lines.push('', `elapsed: specgate ${seconds(specgateMs)} s, git ${seconds(gitMs)} s`);

  const disagreements = records.filter((r) => r.outcome !== 'agree-clean' && r.outcome !== 'agree-conflict');
  if (disagreements.length > 0) {
    lines.push(
      '',
      `disagreements (${disagreements.length}): outcome, merge commit, parents, merge bases, why`,
    );
    for (const r of disagreements)
      lines.push(
        `  ${r.outcome}  ${r.merge}  ${r.parents.join(' ')}  ${r.bases}  ${r.detail ?? ''}`.trimEnd(),
      );
  }
  const slow = [...records].sort((a, b) => b.specgateMs - a.specgateMs).slice(0, args.slowest);
  if (slow.length > 0) {
    lines.push('', `slowest merges (specgate): merge commit, merge bases, specgate, git`);
    for (const r of slow)
      lines.push(`  ${r.merge}  ${r.bases}  ${seconds(r.specgateMs)} s  ${seconds(r.gitMs)} s`);
  }
  return `${lines.join('\n')}\n`;
}
