import fs from 'node:fs';

import type { ChangeVerdict, JobOutcome, PipelineResult } from '../core/types.js';

/** How many lines of a failed job's log go into its `<failure>` element. */
const TAIL_LINES = 50;
/** The most bytes read from the end of a log to find those lines: logs may be huge, memory must not grow. */
const TAIL_BYTES = 256 * 1024;

const failedJob = new Set(['FAILURE', 'TIMED_OUT', 'RETRY_LIMIT', 'ERROR']);

/** Reads the last `lines` lines of a file; `undefined` when it cannot be read. */
export type ReadLogTail = (file: string, lines: number) => string | undefined;

interface TestCase {
  name: string;
  seconds: number;
  outcome:
    | { kind: 'ok' }
    | { kind: 'skipped'; message: string }
    | { kind: 'failure'; message: string; text: string };
}

/**
 * The JUnit XML report of a `check` or `gate` run (`--junit FILE`): one `<testsuite name="specgate <mode>">`
 * holding one `<testcase classname="<change id>" name="<job>">` per job of each change, in queue order.
 * SUCCESS jobs pass; SKIPPED jobs are `<skipped message="…">` (the reason); ABORTED ones
 * `<skipped message="aborted">`; FAILURE, TIMED_OUT, RETRY_LIMIT and ERROR jobs are
 * `<failure message="<result>: <why>">` whose text is the last 50 lines of the job's log (non-voting jobs
 * too, marked as such in the message). A change with no job gets one testcase named `merge`: a failure
 * when it was rejected (MERGE_CONFLICT, DEPENDENCY_FAILED, DEPENDENCY_CYCLE), else a pass; so does a
 * rejected change none of whose jobs failed, so that every rejection shows as a failure. The suite carries
 * `tests`, `failures`, `skipped` and `time`. ANSI escapes and characters XML 1.0 forbids are stripped, the
 * rest escaped. `readLogTail` defaults to reading the end of the log file from disk.
 */
export function renderJunit(result: PipelineResult, options: { readLogTail?: ReadLogTail } = {}): string {
  const readLogTail = options.readLogTail ?? readTail;
  const suites = result.changes.map((change) => ({ change, cases: testCases(change, readLogTail) }));
  const all = suites.flatMap((suite) => suite.cases);
  const failures = all.filter((c) => c.outcome.kind === 'failure').length;
  const skipped = all.filter((c) => c.outcome.kind === 'skipped').length;
  const seconds = all.reduce((sum, c) => sum + c.seconds, 0);
  const counts = `tests="${all.length}" failures="${failures}" errors="0" skipped="${skipped}" time="${formatSeconds(seconds)}"`;

  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="specgate" ${counts}>`,
    `  <testsuite name="${attribute(`specgate ${result.mode}`)}" ${counts}>`,
    '    <properties>',
    `      <property name="target" value="${attribute(result.target.ref)}"/>`,
    `      <property name="target-sha" value="${attribute(result.target.sha)}"/>`,
    `      <property name="verdict" value="${attribute(result.verdict)}"/>`,
    '    </properties>',
  ];
  for (const { change, cases } of suites) {
    for (const testCase of cases) lines.push(...renderCase(change.id, testCase));
  }
  lines.push('  </testsuite>', '</testsuites>', '');
  return lines.join('\n');
}

function testCases(change: ChangeVerdict, readLogTail: ReadLogTail): TestCase[] {
  const cases = change.jobs.map((job) => jobCase(job, readLogTail));
  const rejected = change.result !== 'SUCCESS';
  if (cases.length === 0 || (rejected && !cases.some((c) => c.outcome.kind === 'failure'))) {
    cases.push({
      name: 'merge',
      seconds: 0,
      outcome: rejected
        ? { kind: 'failure', message: `${change.result}: ${change.message}`, text: change.message }
        : { kind: 'ok' },
    });
  }
  return cases;
}

function jobCase(job: JobOutcome, readLogTail: ReadLogTail): TestCase {
  const seconds = Math.max(0, job.durationMs) / 1000;
  if (job.result === 'SKIPPED')
    return { name: job.name, seconds, outcome: { kind: 'skipped', message: job.message ?? 'skipped' } };
  if (job.result === 'ABORTED')
    return { name: job.name, seconds, outcome: { kind: 'skipped', message: 'aborted' } };
  if (!failedJob.has(job.result)) return { name: job.name, seconds, outcome: { kind: 'ok' } };

  const why = job.message ?? (job.log ? `see ${job.log}` : 'no log');
  const message = `${job.result}: ${why}${job.voting ? '' : ' (non-voting)'}`;
  const tail = job.log ? readLogTail(job.log, TAIL_LINES) : undefined;
  const text = tail ?? (job.log ? `log ${job.log} could not be read` : why);
  return { name: job.name, seconds, outcome: { kind: 'failure', message, text } };
}

function renderCase(classname: string, testCase: TestCase): string[] {
  const open = `    <testcase classname="${attribute(classname)}" name="${attribute(testCase.name)}" time="${formatSeconds(testCase.seconds)}"`;
  const { outcome } = testCase;
  if (outcome.kind === 'ok') return [`${open}/>`];
  if (outcome.kind === 'skipped')
    return [`${open}>`, `      <skipped message="${attribute(outcome.message)}"/>`, '    </testcase>'];
  return [
    `${open}>`,
    `      <failure message="${attribute(outcome.message)}">${text(outcome.text)}</failure>`,
    '    </testcase>',
  ];
}

function formatSeconds(seconds: number): string {
  return seconds.toFixed(3);
}

// ANSI CSI and OSC sequences: colour codes and hyperlinks that jobs write to their logs.
const ansi = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|\u001b[@-_]/g;
// Everything XML 1.0 does not allow in a document, lone surrogates included.
const invalid = /[^\u0009\u000A\u000D\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

function clean(value: string): string {
  return value.replace(ansi, '').replace(invalid, '');
}

function text(value: string): string {
  return clean(value).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function attribute(value: string): string {
  // Whitespace is escaped too: a parser would otherwise normalise newlines and tabs in attributes to spaces.
  return text(value)
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;')
    .replace(/\t/g, '&#9;');
}

/** The last `lines` lines of `file`, read from its end only. */
function readTail(file: string, lines: number): string | undefined {
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, 'r');
    const size = fs.fstatSync(fd).size;
    const length = Math.min(size, TAIL_BYTES);
    const buffer = Buffer.alloc(length);
    fs.readSync(fd, buffer, 0, length, size - length);
    let content = buffer.toString('utf8');
    // A cut through the middle of the file: drop the partial first line (and any split character).
    if (length < size) content = content.slice(content.indexOf('\n') + 1);
    const all = content.replace(/\r?\n$/, '').split(/\r?\n/);
    return all.slice(-lines).join('\n');
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}
