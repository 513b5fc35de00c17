import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import type { JobOutcome, PipelineResult } from '../../../src/core/types.js';
import { chooseReporters } from '../../../src/report/choose-reporters.js';
import { escapeHtml } from '../../../src/report/escape-html.js';
import { recordTimeline, type RunTimeline } from '../../../src/report/record-timeline.js';
import { renderHtml } from '../../../src/report/render-html.js';
import { UserError } from '../../../src/errors/specgate-error.js';
import { scratchDir } from '../../helpers/fixture-repo.js';

// A name no command line would accept (see isChangeSpec), but one the page must survive: it reaches the
// page only as text.
const EVIL = '<script>alert(1)</script>&b';
const LOGS = '/repo dir/.git/specgate/logs/run#1';

const job = (name: string, result: JobOutcome['result'], extra: Partial<JobOutcome> = {}): JobOutcome => ({
  name,
  result,
  voting: true,
  attempts: 1,
  cached: false,
  durationMs: 1000,
  ...extra,
});

/** A gate of a, EVIL (fails), c: c's first state holds EVIL and is reset while its test runs. */
function gateRun(): { result: PipelineResult; timeline: RunTimeline } {
  let time = 0;
  const recorder = recordTimeline({ now: () => time, clock: () => new Date('2026-01-01T00:00:00Z') });
  const o = recorder.observer;
  const at = (ms: number) => (time = ms);
  const checkout = (sha: string, dir?: string) => ({
    checkouts: [{ project: 'repo', sha, ...(dir !== undefined && { dir }) }],
  });
  o.stateStarted!('a', ['a'], checkout('1'.repeat(40)));
  o.jobFinished!('a', job('test', 'SUCCESS', { cached: true, log: `${LOGS}/a/test.log` }));
  o.stateStarted!(EVIL, ['a', EVIL], checkout('2'.repeat(40), '/w/b'));
  o.stateStarted!('c', ['a', EVIL, 'c'], checkout('3'.repeat(40), '/w/c'));
  o.jobStarted!(EVIL, 'test', 1, `${LOGS}/b/test.log`);
  o.jobStarted!('c', 'test', 1, `${LOGS}/c/test.log`);
  at(2000);
  o.jobFinished!(EVIL, job('test', 'FAILURE', { durationMs: 2000, log: `${LOGS}/b/test.log` }));
  o.stateReset!('c', ['a', EVIL, 'c']);
  at(2500);
  o.stateStarted!('c', ['a', 'c'], checkout('4'.repeat(40), '/w/c'));
  o.jobStarted!('c', 'test', 1, `${LOGS}/c-2/test.log`);
  at(4000);
  o.jobFinished!('c', job('test', 'SUCCESS', { durationMs: 1500, log: `${LOGS}/c-2/test.log` }));
  const result: PipelineResult = {
    mode: 'gate',
    verdict: 'FAILURE',
    target: { ref: 'main', sha: '0'.repeat(40) },
    changes: [
      {
        id: 'a',
        sha: 'a'.repeat(40),
        result: 'SUCCESS',
        dependsOn: [],
        includes: ['a'],
        message: '1 voting job passed',
        jobs: [job('test', 'SUCCESS', { cached: true, log: `${LOGS}/a/test.log` })],
      },
      {
        id: EVIL,
        sha: 'b'.repeat(40),
        result: 'FAILURE',
        dependsOn: [],
        includes: ['a', EVIL],
        message: `job test failed: "${EVIL}" said 'no' \u001b[31mred\u001b[0m`,
        jobs: [job('test', 'FAILURE', { durationMs: 2000, log: `${LOGS}/b/test.log` })],
      },
      {
        id: 'c',
        sha: 'c'.repeat(40),
        result: 'SUCCESS',
        dependsOn: [],
        includes: ['a', 'c'],
        speculativeSha: '4'.repeat(40),
        message: '1 voting job passed',
        jobs: [job('test', 'SUCCESS', { durationMs: 1500, log: `${LOGS}/c-2/test.log` })],
      },
    ],
    builds: [],
    logDir: LOGS,
  };
  return { result, timeline: recorder.timeline() };
}

/** The timeline rows of the page, one string each. */
const rows = (html: string) =>
  [...html.matchAll(/<div class="row role-[^"]+">.*?<\/div><\/div>/g)].map((m) => m[0]);

describe('renderHtml', () => {
  const { result, timeline } = gateRun();
  const html = renderHtml(result, timeline, { htmlDir: '/out' });

  it('escapes every name, message and path: no markup comes from the run', () => {
    expect(html).not.to.include('<script');
    expect(html).not.to.include('alert(1)</');
    expect(html).to.include('&lt;script&gt;alert(1)&lt;/script&gt;&amp;b');
    expect(html).to.include('&quot;&lt;script&gt;alert(1)&lt;/script&gt;&amp;b&quot; said &#39;no&#39; red');
    expect(html).not.to.include('\u001b');
    expect(escapeHtml(`a&<>"'\u0000\u001b[1mb`)).to.equal('a&amp;&lt;&gt;&quot;&#39;b');
  });

  it('is self-contained: inline style only, no script, and a policy that forbids loading anything', () => {
    expect(html.startsWith('<!DOCTYPE html>\n')).to.equal(true);
    expect(html).to.include(`content="default-src 'none'; style-src 'unsafe-inline'"`);
    expect(html).not.to.match(/<(script|link|img|iframe)\b/i);
    expect(html).not.to.match(/(src|href)="(https?:)?\/\//i);
  });

  it('lists the queue in order with results, states and reasons', () => {
    const ids = [
      ...html.matchAll(
        /<tr class="change r-([A-Z_]+)" id="change-(\d)">.*?<span class="change-id">(.*?)<\/span>/g,
      ),
    ];
    expect(ids.map((m) => [m[2], m[3], m[1]])).to.deep.equal([
      ['1', 'a', 'SUCCESS'],
      ['2', escapeHtml(EVIL), 'FAILURE'],
      ['3', 'c', 'SUCCESS'],
    ]);
    expect(html).to.include('<td class="state">main + a + c <code>444444444444</code></td>');
  });

  it('labels every state with the changes it includes, one row per state in the order they started', () => {
    expect(rows(html).map((row) => /<span class="state">(.*?)<\/span>/.exec(row)![1])).to.deep.equal([
      'main + a',
      `main + a + ${escapeHtml(EVIL)}`,
      `main + a + ${escapeHtml(EVIL)} + c`,
      'main + a + c',
    ]);
  });

  it('draws the reset state with its culprit and its aborted build as a struck bar ending at the reset', () => {
    const reset = rows(html)[2];
    expect(reset).to.include('role-reset');
    expect(reset).to.include(`reset by ${escapeHtml(EVIL)} at 2.0s`);
    // The run took 4 s: the aborted bar spans 0 to 2 s, half the axis.
    expect(reset).to.match(
      /<a class="bar r-ABORTED reset" style="left:0%;width:50%" title="test: ABORTED in 2\.0s: aborted by a gate reset \(reset by &lt;script/,
    );
    const rebuilt = rows(html)[3];
    expect(rebuilt).to.include('role-deciding');
    expect(rebuilt).to.match(/class="bar r-SUCCESS" style="left:62\.5%;width:37\.5%"/);
  });

  it('marks cached results and states served from the cache', () => {
    const cached = rows(html)[0];
    expect(cached).to.match(/class="bar r-SUCCESS cached"/);
    expect(cached).to.include('from the result cache');
    expect(cached).to.include('test (cached)');
    expect(html).to.match(
      /<a href="[^"]+"[^>]*>test<\/a> <span class="result r-SUCCESS">SUCCESS<\/span> 1\.0s <span class="tag cached">cached<\/span>/,
    );
  });

  it('links every log relative to the page, percent-encoded', () => {
    const hrefs = [...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1]);
    expect(hrefs).to.include('../repo%20dir/.git/specgate/logs/run%231/c/test.log');
    expect(hrefs).to.include('../repo%20dir/.git/specgate/logs/run%231/c-2/test.log');
    for (const href of hrefs)
      expect(href.startsWith('../repo%20dir/.git/specgate/logs/run%231/'), href).to.equal(true);
  });

  it('shows a change decided without a state of its own (a conflict), and a run nothing was observed of', () => {
    const conflict: PipelineResult = {
      ...result,
      changes: [
        {
          id: 'd',
          sha: 'd'.repeat(40),
          result: 'MERGE_CONFLICT',
          dependsOn: [],
          includes: ['d'],
          message: 'does not merge onto main: conflict in <x>&y',
          jobs: [],
        },
      ],
    };
    const empty = recordTimeline({ now: () => 0 }).timeline();
    const page = renderHtml(conflict, empty, { htmlDir: '/out' });
    expect(rows(page)).to.have.length(1);
    expect(rows(page)[0]).to.include('main + d');
    expect(rows(page)[0]).to.include('MERGE_CONFLICT');
    expect(page).to.include('conflict in &lt;x&gt;&amp;y');
    expect(page).to.include('no job ran');
  });
});

describe('htmlReporter (through chooseReporters)', () => {
  it('writes the page of the run it observed', async () => {
    const dir = scratchDir('specgate-html-');
    const [reporter] = chooseReporters({
      cwd: dir,
      json: true,
      html: 'run.html',
      env: {},
      stdout: process.stdout,
      stderr: process.stderr,
    });
    expect(reporter.name).to.equal('html');
    reporter.check!();
    reporter.observer!.stateStarted!('a', ['a'], {
      checkouts: [{ project: 'r', sha: '1'.repeat(40), dir: '/w' }],
    });
    await reporter.write(gateRun().result);
    const page = fs.readFileSync(path.join(dir, 'run.html'), 'utf8');
    expect(page).to.include('<title>specgate gate: FAILURE (main)</title>');
    expect(fs.readdirSync(dir)).to.deep.equal(['run.html']);
  });

  it('fails the check before the run, naming the file, when it cannot be written', () => {
    const [reporter] = chooseReporters({
      cwd: '/',
      json: false,
      html: '/nonexistent-dir/run.html',
      env: {},
      stdout: process.stdout,
      stderr: process.stderr,
    });
    expect(() => reporter.check!())
      .to.throw(
        UserError,
        '--html: cannot write /nonexistent-dir/run.html: no such directory /nonexistent-dir',
      )
      .with.property('code', 'BAD_USAGE');
  });
});
