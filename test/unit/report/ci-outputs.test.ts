import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';

import type { ChangeVerdict, JobOutcome, PipelineResult } from '../../../src/core/types.js';
import { renderAnnotations } from '../../../src/report/render-annotations.js';
import { renderJunit } from '../../../src/report/render-junit.js';
import { renderStepSummary } from '../../../src/report/render-step-summary.js';
import { scratchDir } from '../../helpers/fixture-repo.js';

function job(name: string, result: JobOutcome['result'], extra: Partial<JobOutcome> = {}): JobOutcome {
  return { name, result, voting: true, attempts: 1, cached: false, durationMs: 1500, ...extra };
}

function change(
  id: string,
  result: ChangeVerdict['result'],
  includes: string[],
  message: string,
  jobs: JobOutcome[] = [],
): ChangeVerdict {
  return {
    id,
    sha: `${id}-sha`.padEnd(40, '0'),
    result,
    dependsOn: [],
    includes,
    speculativeSha: 'f'.repeat(40),
    message,
    jobs,
  };
}

/** A gate run with every kind of outcome; the failed job's log is a real file of 120 lines. */
function run(log: string): PipelineResult {
  return {
    mode: 'gate',
    verdict: 'FAILURE',
    target: { ref: 'main', sha: 'a'.repeat(40) },
    changes: [
      change('feature-a', 'SUCCESS', ['feature-a'], '2 jobs passed', [
        job('build', 'SUCCESS'),
        job('docs', 'SKIPPED', { message: 'no file matches docs/**' }),
      ]),
      change('feature-b', 'FAILURE', ['feature-a', 'feature-b'], 'job unit failed (FAILURE)', [
        job('build', 'SUCCESS', { durationMs: 250 }),
        job('unit', 'FAILURE', { log }),
        job('e2e', 'ABORTED'),
      ]),
      change('feat<"&\'>', 'MERGE_CONFLICT', [], 'does not merge onto main + feature-a: conflict in a.ts'),
      change('feature-d', 'DEPENDENCY_FAILED', [], 'depends on feature-b, which was rejected (FAILURE)'),
      change('feature-e', 'SUCCESS', ['feature-a', 'feature-e'], ''),
    ],
    builds: [],
    logDir: '/repo/.git/specgate/logs/run',
  };
}

function writeLog(): string {
  const file = path.join(scratchDir('specgate-ci-log-'), 'unit.log');
  const lines = Array.from({ length: 120 }, (_, i) => `line ${i + 1}`);
  lines[110] = '\u001b[31mFAIL\u001b[0m tests/a.test.sh <expected> & "got" \u0007bell\u0000';
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

describe('renderJunit', () => {
  const log = writeLog();
  const xml = renderJunit(run(log));

  it('counts tests, failures and skipped on the suite', () => {
    // feature-a: build, docs (skipped); feature-b: build, unit (failure), e2e (aborted: skipped);
    // the conflict and the dependency failure: merge (failure); feature-e, no job: merge (passed).
    expect(xml).to.match(
      /<testsuite name="specgate gate" tests="8" failures="3" errors="0" skipped="2" time="[\d.]+">/,
    );
    expect(xml.match(/<testcase /g)).to.have.length(8);
  });

  it('gives each job a testcase named after its change and job, with its duration in seconds', () => {
    expect(xml).to.contain('<testcase classname="feature-b" name="build" time="0.250"/>');
    expect(xml).to.contain(
      '<testcase classname="feature-a" name="docs" time="1.500">\n      <skipped message="no file matches docs/**"/>',
    );
    expect(xml).to.contain(
      '<testcase classname="feature-b" name="e2e" time="1.500">\n      <skipped message="aborted"/>',
    );
    expect(xml).to.contain('<testcase classname="feature-e" name="merge" time="0.000"/>');
    expect(xml).to.contain(
      '<testcase classname="feature-d" name="merge" time="0.000">\n      <failure message="DEPENDENCY_FAILED: depends on feature-b, which was rejected (FAILURE)">',
    );
  });

  it('puts the last 50 lines of a failed job log into its failure, cleaned and escaped', () => {
    const failure =
      /<testcase classname="feature-b" name="unit"[^>]*>\s*<failure message="FAILURE: see [^"]*unit\.log">([\s\S]*?)<\/failure>/.exec(
        xml,
      );
    expect(failure, xml).to.not.equal(null);
    const body = failure![1];
    expect(body.split('\n')).to.have.length(50);
    expect(body.startsWith('line 71\n')).to.equal(true);
    expect(body.endsWith('line 120')).to.equal(true);
    expect(body).to.contain('FAIL tests/a.test.sh &lt;expected&gt; &amp; "got" bell');
    expect(xml).not.to.match(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/);
  });

  it('escapes attributes', () => {
    expect(xml).to.contain('classname="feat&lt;&quot;&amp;&apos;&gt;" name="merge"');
    expect(xml).to.contain(
      '<failure message="MERGE_CONFLICT: does not merge onto main + feature-a: conflict in a.ts">',
    );
  });

  it('is well formed: every element opened is closed, in order', () => {
    const stack: string[] = [];
    for (const [, closing, name, selfClosing] of xml
      .replace(/<\?xml[^>]*\?>/, '')
      .matchAll(/<(\/?)([\w-]+)(?:\s[^>]*?)?(\/?)>/g)) {
      if (selfClosing) continue;
      if (closing) expect(stack.pop()).to.equal(name);
      else stack.push(name);
    }
    expect(stack).to.deep.equal([]);
  });

  it('reads only the end of a huge log', () => {
    const file = path.join(scratchDir('specgate-ci-log-'), 'big.log');
    fs.writeFileSync(file, `${'x'.repeat(1000)}\n`.repeat(2000) + 'last line\n');
    const big = renderJunit(run(file));
    const body = /name="unit"[^>]*>\s*<failure[^>]*>([\s\S]*?)<\/failure>/.exec(big)![1];
    expect(body.split('\n')).to.have.length(50);
    expect(body.endsWith('x\nlast line')).to.equal(true);
  });

  it('says when a log cannot be read, and reads through an injected reader', () => {
    const missing = renderJunit(run('/no/such/unit.log'));
    expect(missing).to.contain('log /no/such/unit.log could not be read</failure>');
    const injected = renderJunit(run('x.log'), { readLog: (file) => `read ${file}` });
    expect(injected).to.contain('>read x.log</failure>');
  });
});

describe('renderJunit: batches and cached jobs', () => {
  /** A batch of three that passed: its jobs ran once, for batch-c, and are listed under each change. */
  function batchRun(cached: boolean): PipelineResult {
    const jobs = [
      job('unit', 'SUCCESS', { durationMs: 4000, cached }),
      job('lint', 'SUCCESS', { durationMs: 1000, cached }),
    ];
    const ids = ['batch-a', 'batch-b', 'batch-c'];
    return {
      mode: 'gate',
      verdict: 'SUCCESS',
      target: { ref: 'main', sha: 'a'.repeat(40) },
      changes: ids.map((id, i) => change(id, 'SUCCESS', ids.slice(0, i + 1), '2 jobs passed', jobs)),
      builds: jobs.map((j) => ({ change: 'batch-c', job: j.name, includes: ids, result: j.result })),
    };
  }
  const testcase = (xml: string, classname: string, name: string): string =>
    new RegExp(`<testcase classname="${classname}" name="${name}"[^>]*?(?:/>|>[\\s\\S]*?</testcase>)`).exec(
      xml,
    )![0];

  it('gives a batch its time once, on the change it ran for, and names the batch on the others', () => {
    const xml = renderJunit(batchRun(false));
    expect(xml).to.match(
      /<testsuite name="specgate gate" tests="6" failures="0" errors="0" skipped="0" time="5\.000">/,
    );
    expect(testcase(xml, 'batch-c', 'unit')).to.match(
      /^<testcase classname="batch-c" name="unit" time="4\.000"\/>$/,
    );
    const judged = testcase(xml, 'batch-a', 'unit');
    expect(judged).to.include('time="0.000"');
    expect(judged).to.include('<property name="judged-by" value="batch-c"/>');
    expect(judged).to.include(
      '<system-out>judged by the batch: unit ran once for batch-c on main + batch-a + batch-b + batch-c',
    );
    expect(judged).to.not.include('<failure');
    expect(judged).to.not.include('<skipped');
  });

  it('marks a cached job with a property and a note, and still counts it as passed', () => {
    const xml = renderJunit(batchRun(true));
    const cached = testcase(xml, 'batch-c', 'lint');
    expect(cached).to.include('<property name="cached" value="true"/>');
    expect(cached).to.include('<system-out>cached: SUCCESS taken from the result cache');
    expect(cached).to.not.include('<skipped');
    expect(xml).to.include('tests="6" failures="0" errors="0" skipped="0"');
  });

  it('puts the failing TAP blocks of a failed job into its failure, not the tail', () => {
    const tap = [
      'TAP version 13',
      'not ok 1 - the broken one',
      '  ---',
      '  error: boom',
      '  ...',
      ...Array.from({ length: 80 }, (_, i) => `ok ${i + 2} - fine ${i}`),
      '# fail 1',
    ].join('\n');
    const result = run('unit.log');
    const xml = renderJunit(result, { readLog: () => tap });
    const body = /name="unit"[^>]*>\s*<failure[^>]*>([\s\S]*?)<\/failure>/.exec(xml)![1];
    expect(body).to.equal('not ok 1 - the broken one\n  ---\n  error: boom\n  ...\n\n# fail 1');
  });

  it('counts a batch\'s cached jobs once in the summary: "Cached: 2 of 2"', async () => {
    const { renderSummary } = await import('../../../src/report/render-summary.js');
    expect(renderSummary(batchRun(true), { color: false })).to.include('Cached: 2 of 2 job results');
  });
});

describe('renderStepSummary', () => {
  const markdown = renderStepSummary(run('/logs/unit.log'));

  it('heads with the verdict and lists every change in a table', () => {
    expect(markdown.startsWith('## specgate gate: ❌ FAILURE\n')).to.equal(true);
    expect(markdown).to.contain('| change | result | tested on | why |\n| --- | --- | --- | --- |\n');
    expect(markdown).to.contain(
      '| feature-b | FAILURE | main + feature-a + feature-b | job unit failed (FAILURE) |',
    );
    expect(markdown).to.contain(
      '| feature-d | DEPENDENCY_FAILED | - | depends on feature-b, which was rejected (FAILURE) |',
    );
    // No message: the jobs speak.
    expect(markdown).to.contain('| feature-e | SUCCESS | main + feature-a + feature-e | no job ran |');
  });

  it('escapes what would break the table or inject HTML', () => {
    expect(markdown).to.contain('| feat&lt;"&amp;\'&gt; | MERGE_CONFLICT |');
    const piped = run('/logs/unit.log');
    piped.changes[0].message = 'a | b\nc';
    expect(renderStepSummary(piped)).to.contain('| a \\| b c |');
  });

  it('lists the failed jobs with their log paths', () => {
    expect(markdown).to.contain('- feature-b / unit (FAILURE): `/logs/unit.log`');
    expect(markdown).not.to.contain('e2e (ABORTED)');
  });

  it('says SUCCESS when every change passed', () => {
    const passed: PipelineResult = {
      ...run('/l'),
      verdict: 'SUCCESS',
      changes: [change('a', 'SUCCESS', ['a'], '1 job passed', [job('t', 'SUCCESS')])],
    };
    expect(renderStepSummary(passed)).to.match(/^## specgate gate: ✅ SUCCESS\n/);
  });
});

describe('renderAnnotations', () => {
  it('prints one ::error line per rejected change, with the failed job logs', () => {
    const lines = renderAnnotations(run('/logs/unit.log')).trimEnd().split('\n');
    expect(lines).to.deep.equal([
      '::error title=specgate%3A feature-b FAILURE::job unit failed (FAILURE)%0Aunit log: /logs/unit.log',
      '::error title=specgate%3A feat<"&\'> MERGE_CONFLICT::does not merge onto main + feature-a: conflict in a.ts',
      '::error title=specgate%3A feature-d DEPENDENCY_FAILED::depends on feature-b, which was rejected (FAILURE)',
    ]);
  });

  it('encodes %, CR and LF in the message, and also : and , in the title', () => {
    const result = run('/l');
    result.changes = [change('x,y:z%', 'FAILURE', [], '100% broken\r\nsee: a, b')];
    expect(renderAnnotations(result)).to.equal(
      '::error title=specgate%3A x%2Cy%3Az%25 FAILURE::100%25 broken%0D%0Asee: a, b\n',
    );
  });

  it('prints nothing when every change passed', () => {
    const result = run('/l');
    result.changes = result.changes.filter((c) => c.result === 'SUCCESS');
    expect(renderAnnotations(result)).to.equal('');
  });
});
