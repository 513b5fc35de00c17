import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import { fixtureRepo, scratchDir } from '../helpers/fixture-repo.js';
import { runCli, type CliRun } from '../helpers/run-cli.js';

const QUEUE = ['add-farewell', 'shout-greeting', 'reword-usage', 'shout-docs', 'farewell-polite'];

describe('CI outputs (--junit, GitHub Actions)', function () {
  let dir: string;
  let out: string;
  let run: CliRun;
  let xml: string;
  let summary: string;

  before(async function () {
    ({ dir } = await fixtureRepo('demo'));
    out = scratchDir('specgate-ci-');
    const summaryFile = path.join(out, 'step-summary.md');
    fs.writeFileSync(summaryFile, '# earlier step\n');
    run = await runCli(['gate', ...QUEUE, '--junit', path.join(out, 'junit.xml')], {
      cwd: dir,
      env: { CI: 'true', GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summaryFile },
    });
    expect(
      fs.existsSync(path.join(out, 'junit.xml')),
      `no JUnit report written; stderr: ${run.stderr}`,
    ).to.equal(true);
    xml = fs.readFileSync(path.join(out, 'junit.xml'), 'utf8');
    summary = fs.readFileSync(summaryFile, 'utf8');
  });

  it('exits 1 when a change is rejected', () => {
    expect(run.status, run.stderr).to.equal(1);
  });

  it('writes a well-formed JUnit report with one testcase per job, and merge for changes without jobs', () => {
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n')).to.equal(true);
    const stack: string[] = [];
    for (const [, closing, name, selfClosing] of xml
      .replace(/<\?xml[^>]*\?>/, '')
      .matchAll(/<(\/?)([\w-]+)(?:\s[^>]*?)?(\/?)>/g)) {
      if (selfClosing) continue;
      if (closing) expect(stack.pop(), xml).to.equal(name);
      else stack.push(name);
    }
    expect(stack).to.deep.equal([]);
    // add-farewell, shout-greeting and farewell-polite ran lint and test; reword-usage and shout-docs: merge.
    expect(xml).to.match(
      /<testsuite name="specgate gate" tests="8" failures="3" errors="0" skipped="0" time="[\d.]+">/,
    );
    const cases = [...xml.matchAll(/<testcase classname="([^"]+)" name="([^"]+)"/g)].map(
      ([, change, name]) => `${change}/${name}`,
    );
    expect(cases).to.deep.equal([
      'add-farewell/lint',
      'add-farewell/test',
      'shout-greeting/lint',
      'shout-greeting/test',
      'reword-usage/merge',
      'shout-docs/merge',
      'farewell-polite/lint',
      'farewell-polite/test',
    ]);
    const failure =
      /<testcase classname="shout-greeting" name="test"[^>]*>\s*<failure message="FAILURE: [^"]*">([\s\S]*?)<\/failure>/.exec(
        xml,
      );
    expect(failure, xml).to.not.equal(null);
    expect(failure![1]).to.contain('FAIL tests/greet.test.sh');
    expect(xml).to.contain(
      '<failure message="MERGE_CONFLICT: does not merge onto main + add-farewell: conflict in README.md (content)">',
    );
    expect(xml).to.contain(
      '<failure message="DEPENDENCY_FAILED: depends on shout-greeting, which was rejected (FAILURE)">',
    );
  });

  it('appends a Markdown summary to $GITHUB_STEP_SUMMARY', () => {
    expect(summary.startsWith('# earlier step\n## specgate gate: ❌ FAILURE\n')).to.equal(true);
    expect(summary).to.contain('| add-farewell | SUCCESS | main + add-farewell |');
    expect(summary).to.contain(
      '| shout-greeting | FAILURE | main + add-farewell + shout-greeting | job test (FAILURE) did not succeed |',
    );
    expect(summary).to.contain(
      '| reword-usage | MERGE_CONFLICT | main + add-farewell + reword-usage | does not merge onto main + add-farewell: conflict in README.md (content) |',
    );
    expect(summary).to.contain('| shout-docs | DEPENDENCY_FAILED | - |');
    expect(summary).to.match(/- shout-greeting \/ test \(FAILURE\): `\/\S+test\.log`/);
  });

  it('prints an ::error annotation per rejected change, and still the plain summary', () => {
    const annotations = run.stdout.split('\n').filter((line) => line.startsWith('::error '));
    expect(annotations.map((line) => /^::error title=([^:]*)::/.exec(line)![1])).to.deep.equal([
      'specgate%3A shout-greeting FAILURE',
      'specgate%3A reword-usage MERGE_CONFLICT',
      'specgate%3A shout-docs DEPENDENCY_FAILED',
    ]);
    expect(annotations[0]).to.match(/::job test \(FAILURE\) did not succeed%0Atest log: \/\S+test\.log$/);
    expect(run.stdout).to.match(/shout-greeting\s+FAILURE/);
    expect(run.stdout).to.contain('Verdict: FAILURE');
  });

  it('keeps stdout pure JSON with --json, and still writes the step summary', async () => {
    const summaryFile = path.join(out, 'json-summary.md');
    const json = await runCli(
      ['gate', 'add-farewell', 'shout-greeting', '--json', '--junit', 'relative.xml'],
      {
        cwd: dir,
        env: { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summaryFile },
      },
    );
    expect(json.status).to.equal(1);
    expect(() => JSON.parse(json.stdout)).not.to.throw();
    expect(json.stdout).not.to.contain('::error');
    expect(fs.readFileSync(summaryFile, 'utf8')).to.contain('| shout-greeting | FAILURE |');
    // A relative path is taken from the directory specgate works in.
    expect(fs.readFileSync(path.join(dir, 'relative.xml'), 'utf8')).to.contain(
      'classname="shout-greeting" name="test"',
    );
    fs.rmSync(path.join(dir, 'relative.xml'));
  });

  it('prints no annotation and writes no summary outside GitHub Actions', async () => {
    const plain = await runCli(['gate', 'add-farewell', 'shout-greeting'], {
      cwd: dir,
      env: { GITHUB_ACTIONS: undefined, GITHUB_STEP_SUMMARY: path.join(out, 'unused.md') },
    });
    expect(plain.status).to.equal(1);
    expect(plain.stdout).not.to.contain('::error');
    expect(fs.existsSync(path.join(out, 'unused.md'))).to.equal(false);
  });

  it('rejects a --junit file that cannot be written before any job runs: exit 2, one line naming it', async () => {
    const bad = await runCli(['gate', ...QUEUE, '--junit', '/nonexistent-dir/x.xml'], { cwd: dir });
    expect(bad.status, bad.stderr).to.equal(2);
    expect(bad.stderr.trim().split('\n')).to.deep.equal([
      'specgate: error: --junit: cannot write /nonexistent-dir/x.xml: no such directory /nonexistent-dir',
    ]);
    expect(bad.stdout).to.equal('');
  });
});
