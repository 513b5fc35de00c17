import { expect } from 'chai';

import type { ChangeVerdict, JobOutcome, PipelineResult } from '../../../src/core/types.js';
import { renderSummary } from '../../../src/report/render-summary.js';

const ansi = /\u001b\[[0-9;]*m/g;
const strip = (text: string): string => text.replace(ansi, '');

function job(name: string, result: JobOutcome['result'], extra: Partial<JobOutcome> = {}): JobOutcome {
  return { name, result, voting: true, attempts: 1, cached: false, durationMs: 1200, ...extra };
}

function change(
  id: string,
  result: ChangeVerdict['result'],
  includes: string[],
  message: string,
  jobs: JobOutcome[] = [],
  pulledIn = false,
): ChangeVerdict & { pulledIn?: boolean } {
  return {
    id,
    sha: `${id}-sha`.padEnd(40, '0'),
    result,
    dependsOn: [],
    includes,
    speculativeSha: 'f'.repeat(40),
    message,
    jobs,
    pulledIn,
  };
}

const unitLog = '/repo/.git/specgate/logs/2024-01-01T00-00-00/feature-b/unit.log';

/** A gate run: a pulled-in dependency, a pass, a job failure, a conflict, and a change no job applies to. */
function someFail(): PipelineResult {
  return {
    mode: 'gate',
    verdict: 'FAILURE',
    target: { ref: 'main', sha: '3f2a1c9d0e12'.padEnd(40, 'a') },
    changes: [
      change('lib', 'SUCCESS', ['lib'], '1 job passed', [job('unit', 'SUCCESS')], true),
      change('feature-a', 'SUCCESS', ['lib', 'feature-a'], '2 jobs passed', [
        job('build', 'SUCCESS'),
        job('unit', 'SUCCESS'),
      ]),
      change('feature-b', 'FAILURE', ['lib', 'feature-a', 'feature-b'], 'job unit failed (FAILURE)', [
        job('build', 'SUCCESS'),
        job('unit', 'FAILURE', { log: unitLog }),
        job('docs', 'TIMED_OUT', { voting: false, log: '/logs/docs.log' }),
      ]),
      change(
        'feature-c',
        'MERGE_CONFLICT',
        [],
        'does not merge onto main + lib + feature-a: conflict in src/a.ts',
      ),
      change('feature-d', 'SUCCESS', ['lib', 'feature-a', 'feature-d'], 'no job applies; nothing ran'),
    ],
    builds: [],
    logDir: '/repo/.git/specgate/logs/2024-01-01T00-00-00',
    keptStates: { 'feature-a': '/tmp/specgate-state-a' },
  };
}

function lineOf(text: string, id: string): string {
  const line = text.split('\n').find((candidate) => candidate.trimStart().startsWith(`${id} `));
  expect(line, `a table line for ${id}`).to.be.a('string');
  return line as string;
}

describe('renderSummary', () => {
  it('lists every change in queue order with its result, state and reason', () => {
    const text = renderSummary(someFail(), { color: false });
    const positions = ['lib', 'feature-a', 'feature-b', 'feature-c', 'feature-d'].map((id) =>
      text.indexOf(lineOf(text, id)),
    );
    expect(positions).to.deep.equal([...positions].sort((a, b) => a - b));

    expect(lineOf(text, 'lib')).to.match(/^ {2}lib \(dependency\) +SUCCESS +main \+ lib +1 job passed$/);
    expect(lineOf(text, 'feature-b')).to.match(
      /FAILURE +main \+ lib \+ feature-a \+ feature-b +job unit failed \(FAILURE\)$/,
    );
    expect(lineOf(text, 'feature-c')).to.match(
      /MERGE_CONFLICT +- +does not merge onto main \+ lib \+ feature-a: conflict in src\/a\.ts$/,
    );
    expect(lineOf(text, 'feature-d')).to.match(
      /SUCCESS +main \+ lib \+ feature-a \+ feature-d +no job applies; nothing ran$/,
    );
  });

  it('aligns the columns, with and without colour', () => {
    for (const color of [false, true]) {
      const lines = strip(renderSummary(someFail(), { color })).split('\n');
      const header = lines.find((line) => line.trimStart().startsWith('change '));
      expect(header).to.be.a('string');
      const table = [
        header as string,
        ...['lib', 'feature-a', 'feature-b', 'feature-c', 'feature-d'].map((id) =>
          lineOf(strip(renderSummary(someFail(), { color })), id),
        ),
      ];
      for (const column of ['result', 'tested on', 'why']) {
        const start = (header as string).indexOf(column);
        for (const line of table.slice(1)) {
          expect(line[start - 1], `column ${column} in "${line}"`).to.equal(' ');
          expect(line[start], `column ${column} in "${line}"`).to.not.equal(' ');
          expect(line.slice(start - 2, start), `column ${column} in "${line}"`).to.equal('  ');
        }
      }
    }
  });

  it('gives the log path of every failed job, non-voting ones included', () => {
    const text = renderSummary(someFail(), { color: false });
    expect(text).to.include('Failed job logs:');
    expect(text).to.include(`feature-b / unit: ${unitLog}`);
    expect(text).to.include('feature-b / docs: /logs/docs.log (TIMED_OUT, non-voting)');
    expect(text).to.not.include('feature-b / build');
  });

  it('ends with the verdict, the log directory and the kept states', () => {
    const text = renderSummary(someFail(), { color: false });
    expect(text).to.include(
      'Verdict: FAILURE — 3 of 5 changes can merge, in this order: lib, feature-a, feature-d\n',
    );
    expect(text).to.include('Logs: /repo/.git/specgate/logs/2024-01-01T00-00-00\n');
    expect(text).to.include('Kept state directories:\n  feature-a: /tmp/specgate-state-a\n');
    expect(text.endsWith('\n')).to.equal(true);
  });

  it('says every change can merge when all pass, and lists no failed logs', () => {
    const result: PipelineResult = {
      mode: 'gate',
      verdict: 'SUCCESS',
      target: { ref: 'main', sha: 'a'.repeat(40) },
      changes: [
        change('feature-a', 'SUCCESS', ['feature-a'], '1 job passed', [job('unit', 'SUCCESS')]),
        change('feature-b', 'SUCCESS', ['feature-a', 'feature-b'], '1 job passed'),
      ],
      builds: [],
    };
    const text = renderSummary(result, { color: false });
    expect(text).to.include(
      'Verdict: SUCCESS — all 2 changes can merge, in this order: feature-a, feature-b',
    );
    expect(text).to.not.include('Failed job logs');
    expect(text).to.not.include('Logs:');
  });

  it('says no change can merge when none passes', () => {
    const result: PipelineResult = { ...someFail(), changes: [someFail().changes[2], someFail().changes[3]] };
    expect(renderSummary(result, { color: false })).to.include(
      'Verdict: FAILURE — none of the 2 changes can merge',
    );
  });

  it('does not claim an order in check mode, where changes are judged independently', () => {
    const result: PipelineResult = { ...someFail(), mode: 'check' };
    expect(renderSummary(result, { color: false })).to.include(
      'Verdict: FAILURE — 3 of 5 changes passed: lib, feature-a, feature-d',
    );
  });

  it('labels the last column "state" for plan, which runs no jobs', () => {
    const result: PipelineResult = {
      mode: 'plan',
      verdict: 'SUCCESS',
      target: { ref: 'main', sha: 'a'.repeat(40) },
      changes: [
        change('feature-a', 'SUCCESS', ['feature-a'], 'merges cleanly onto main; no jobs run by plan'),
        change('feature-b', 'SUCCESS', ['feature-a', 'feature-b'], ''),
      ],
      builds: [],
    };
    const text = renderSummary(result, { color: false });
    expect(text).to.match(/change +result +tested on +state/);
    expect(lineOf(text, 'feature-a')).to.match(/merges cleanly onto main; no jobs run by plan$/);
    // No message: the state's sha stands in for it.
    expect(lineOf(text, 'feature-b')).to.match(/ffffffffffff$/);
  });

  it('derives a reason from the jobs when a verdict has no message', () => {
    const result = someFail();
    result.changes[2] = { ...result.changes[2], message: '' };
    expect(lineOf(renderSummary(result, { color: false }), 'feature-b')).to.match(
      /job unit failed \(FAILURE\)$/,
    );
  });

  it('writes no ANSI escape without colour, and colours results with it', () => {
    expect(renderSummary(someFail(), { color: false })).to.not.include('\u001b[');
    const coloured = renderSummary(someFail(), { color: true });
    expect(coloured).to.include('\u001b[');
    expect(coloured).to.include('\u001b[32mSUCCESS\u001b[39m');
    expect(coloured).to.include('\u001b[31mFAILURE\u001b[39m');
    expect(coloured).to.include('\u001b[33mMERGE_CONFLICT\u001b[39m');
    // Colour changes the bytes, never the words.
    expect(strip(coloured)).to.equal(renderSummary(someFail(), { color: false }));
  });
});

describe('renderSummary at a given width', () => {
  /** The text of one column of a table (its header line first), continuation lines joined. */
  const column = (table: string[], name: string, next?: string): string => {
    const start = table[0].indexOf(name);
    const end = next === undefined ? undefined : table[0].indexOf(next);
    return table
      .slice(1)
      .map((line) => line.slice(start, end).trim())
      .filter(Boolean)
      .join(' ');
  };
  const widthOf = (line: string): number => [...strip(line)].length;

  /** A queue of long names, a long reason, and a pulled-in dependency: what overflowed at 80 columns. */
  function longQueue(): PipelineResult {
    const ids = [
      'feature/refactor-authentication-middleware',
      'feature/add-billing-export-to-csv-and-xlsx',
      'bugfix/retry-flaky-upload-on-timeout',
      'chore/upgrade-typescript-and-eslint-config',
    ];
    return {
      mode: 'gate',
      verdict: 'FAILURE',
      target: { ref: 'main', sha: 'a'.repeat(40) },
      changes: ids.map((id, index) =>
        change(
          id,
          index === 2 ? 'DEPENDENCY_FAILED' : index === 1 ? 'FAILURE' : 'SUCCESS',
          ids.slice(0, index + 1),
          index === 1
            ? 'job integration-tests failed (FAILURE) after 3 attempts; see the log for the failing assertions'
            : index === 2
              ? `depends on ${ids[1]}, which was rejected`
              : '2 jobs passed',
          [job('unit', 'SUCCESS')],
          index === 0,
        ),
      ),
      builds: [],
    };
  }

  for (const width of [80, 40, 200]) {
    it(`keeps every line of the table within ${width} columns, with the key content present`, () => {
      for (const color of [false, true]) {
        const text = renderSummary(longQueue(), { color, width });
        const table = strip(text).split('\n\n')[1].split('\n');
        for (const line of table) expect(widthOf(line), `"${line}"`).to.be.at.most(width);
        const plain = strip(text);
        for (const result of ['SUCCESS', 'FAILURE', 'DEPENDENCY_FAILED']) expect(plain).to.include(result);
        // The reason is all there, wrapped onto continuation lines under its column rather than cut.
        const words = column(table, 'why');
        if (width >= 80) {
          expect(words).to.include('failed (FAILURE) after 3 attempts; see the log');
          expect(words).to.include('the failing assertions');
        }
        if (width >= 200) expect(plain).to.match(/feature\/add-billing-export-to-csv-and-xlsx +FAILURE/);
      }
    });
  }

  it('abbreviates a long state as "main + N ahead + change", but not a short one', () => {
    const text = renderSummary(longQueue(), { color: false, width: 80 });
    expect(text).to.include('main + 3 ahead');
    expect(text).to.include('main + 1 ahead');
    const wide = strip(renderSummary(longQueue(), { color: false, width: 200 }))
      .split('\n\n')[1]
      .split('\n');
    expect(column(wide, 'tested on', 'why')).to.include('main + 3 ahead + chore/');
    expect(text).to.not.include('main + feature/refactor-authentication-middleware + feature/add');
    const short = column(
      renderSummary(someFail(), { color: false, width: 80 }).split('\n\n')[1].split('\n'),
      'tested on',
      'why',
    );
    expect(short).to.include('main + lib + feature-a');
    expect(short).to.include('main + 2 ahead + feature-b');
  });

  it('lays out exactly as before when everything fits', () => {
    const result = someFail();
    result.changes = result.changes.slice(0, 2);
    expect(renderSummary(result, { color: false, width: 200 })).to.equal(
      renderSummary(result, { color: false }),
    );
  });
});
