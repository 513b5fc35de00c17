import fs from 'node:fs';

import type { ChangeVerdict, JobOutcome, PipelineResult } from '../core/types.js';
import { describeState } from './describe-state.js';
import { failingPart } from './failing-part.js';
import { judgedBy } from './judged-by.js';

/** The most bytes read from the end of a log to find its failing part: logs may be huge, memory must not grow. */
const LOG_BYTES = 1024 * 1024;

const failedJob = new Set(['FAILURE', 'TIMED_OUT', 'RETRY_LIMIT', 'ERROR']);

/** Reads a log (its last megabyte, for a huge one); `undefined` when it cannot be read. */
export type ReadLog = (file: string) => string | undefined;

interface TestCase {
  name: string;
  seconds: number;
  properties: Array<[string, string]>;
  notes: string[];
  outcome:
    | { kind: 'ok' }
    | { kind: 'skipped'; message: string }
    | { kind: 'failure'; message: string; text: string };
}

/**
 * The JUnit XML report of a `check` or `gate` run (`--junit FILE`), as GitHub's and GitLab's test views
 * read it: one `<testsuite name="specgate <mode>">` holding one `<testcase classname="<change id>"
 * name="<job>">` per job of each change, in queue order. SUCCESS jobs pass; SKIPPED jobs are
 * `<skipped message="…">` (the reason); ABORTED ones `<skipped message="aborted">`; FAILURE, TIMED_OUT,
 * RETRY_LIMIT and ERROR jobs are `<failure message="<result>: <why>">` (non-voting jobs too, marked as
 * such in the message) whose text is the failing part of the job's log ({@link failingPart}: the `not ok`
 * blocks of TAP, mocha's failures, else the last 50 lines; 200 lines at most).
 *
 * - A job served from the result cache still passes or fails as it did; the testcase carries the property
 *   `cached=true` and a `<system-out>` saying so (a `<skipped>` would hide a cached pass from the counts).
 * - A job that ran once for a whole batch (`--strategy batch`) has its time on the testcase of the change
 *   it ran for (the batch's last) only; the other changes of the batch get `time="0"`, the property
 *   `judged-by=<that change>` and a `<system-out>` naming the batch's state: the suite's time is then the
 *   time the jobs took, not that time once per change.
 *
 * A change with no job gets one testcase named `merge`: a failure when it was rejected (MERGE_CONFLICT,
 * DEPENDENCY_FAILED, DEPENDENCY_CYCLE), else a pass; so does a rejected change none of whose jobs failed,
 * so that every rejection shows as a failure. The suite carries `tests`, `failures`, `skipped` and `time`.
 * ANSI escapes and characters XML 1.0 forbids are stripped, the rest escaped. `readLog` defaults to
 * reading the end of the log file from disk.
 */
export function renderJunit(result: PipelineResult, options: { readLog?: ReadLog } = {}): string {
  const readLog = options.readLog ?? readEnd;
  const suites = result.changes.map((change) => ({ change, cases: testCases(result, change, readLog) }));
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

function testCases(result: PipelineResult, change: ChangeVerdict, readLog: ReadLog): TestCase[] {
  const cases = change.jobs.map((job) => jobCase(result, change, job, readLog));
  const rejected = change.result !== 'SUCCESS';
  if (cases.length === 0 || (rejected && !cases.some((c) => c.outcome.kind === 'failure'))) {
    cases.push({
      name: 'merge',
      seconds: 0,
      properties: [],
      notes: [],
      outcome: rejected
        ? { kind: 'failure', message: `${change.result}: ${change.message}`, text: change.message }
        : { kind: 'ok' },
    });
  }
  return cases;
}

function jobCase(result: PipelineResult, change: ChangeVerdict, job: JobOutcome, readLog: ReadLog): TestCase {
  const properties: Array<[string, string]> = [];
  const notes: string[] = [];
  let seconds = Math.max(0, job.durationMs) / 1000;
  if (job.cached) {
    properties.push(['cached', 'true']);
    notes.push(
      `cached: ${job.result} taken from the result cache (refs/notes/specgate), not run again; --no-cache runs it`,
    );
  }
  const batch = job.result === 'SKIPPED' ? undefined : judgedBy(result, change, job);
  if (batch) {
    properties.push(['judged-by', batch.change]);
    notes.push(
      `judged by the batch: ${job.name} ran once for ${batch.change} on ${describeState(result.target.ref, batch.includes)}` +
        ` (${formatSeconds(seconds)} s, counted on that testcase)`,
    );
    seconds = 0;
  }
  const base = { name: job.name, seconds, properties, notes };
  if (job.result === 'SKIPPED')
    return { ...base, outcome: { kind: 'skipped', message: job.message ?? 'skipped' } };
  if (job.result === 'ABORTED') return { ...base, outcome: { kind: 'skipped', message: 'aborted' } };
  if (!failedJob.has(job.result)) return { ...base, outcome: { kind: 'ok' } };

  const why = job.message ?? (job.log ? `see ${job.log}` : 'no log');
  const message = `${job.result}: ${why}${job.voting ? '' : ' (non-voting)'}`;
  const log = job.log ? readLog(job.log) : undefined;
  const text = log !== undefined ? failingPart(log) : job.log ? `log ${job.log} could not be read` : why;
  return { ...base, outcome: { kind: 'failure', message, text } };
}

function renderCase(classname: string, testCase: TestCase): string[] {
  const open = `    <testcase classname="${attribute(classname)}" name="${attribute(testCase.name)}" time="${formatSeconds(testCase.seconds)}"`;
  const { outcome, properties, notes } = testCase;
  const inner: string[] = [];
  if (properties.length > 0) {
    inner.push('      <properties>');
    for (const [name, value] of properties)
      inner.push(`        <property name="${attribute(name)}" value="${attribute(value)}"/>`);
    inner.push('      </properties>');
  }
  if (outcome.kind === 'skipped') inner.push(`      <skipped message="${attribute(outcome.message)}"/>`);
  if (outcome.kind === 'failure')
    inner.push(`      <failure message="${attribute(outcome.message)}">${text(outcome.text)}</failure>`);
  if (notes.length > 0) inner.push(`      <system-out>${text(notes.join('\n'))}</system-out>`);
  if (inner.length === 0) return [`${open}/>`];
  return [`${open}>`, ...inner, '    </testcase>'];
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

/** The log, or its last megabyte (from a line start) when it is bigger. */
function readEnd(file: string): string | undefined {
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, 'r');
    const size = fs.fstatSync(fd).size;
    const length = Math.min(size, LOG_BYTES);
    const buffer = Buffer.alloc(length);
    fs.readSync(fd, buffer, 0, length, size - length);
    const content = buffer.toString('utf8');
    // A cut through the middle of the file: drop the partial first line (and any split character).
    return length < size ? content.slice(content.indexOf('\n') + 1) : content;
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}
