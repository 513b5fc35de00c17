import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import { fixtureRepo, scratchDir } from '../helpers/fixture-repo.js';
import { git } from '../helpers/git.js';
import { runCli } from '../helpers/run-cli.js';

/** Long branch names on the demo queue's commits: what pushed the summary to 276 columns. */
const LONG = {
  'feature/add-a-farewell-message-to-the-greeting-tool': 'add-farewell',
  'feature/reword-the-usage-text-printed-by-the-help-flag': 'reword-usage',
  'feature/shout-the-documentation-examples-in-capitals': 'shout-docs',
  'feature/make-the-farewell-message-more-polite-and-kind': 'farewell-polite',
};
const QUEUE = Object.keys(LONG);

/** The table: the lines between the heading's blank line and the next blank line. */
function table(stdout: string): string[] {
  return stdout.split('\n\n')[1].split('\n');
}

describe('tables fit the width (COLUMNS, else the terminal, else 80)', function () {
  let dir: string;

  before(async function () {
    ({ dir } = await fixtureRepo('demo'));
    for (const [name, tip] of Object.entries(LONG)) git(dir, 'branch', name, tip);
  });

  it('keeps every line of the gate summary within COLUMNS=80, states abbreviated, nothing lost', async () => {
    const run = await runCli(['gate', ...QUEUE], { cwd: dir, env: { COLUMNS: '80' } });
    expect(run.status, run.stderr).to.equal(1);
    const lines = table(run.stdout);
    for (const line of lines) expect([...line].length, `"${line}"\n${run.stdout}`).to.be.at.most(80);
    expect(lines[0]).to.match(/^ {2}change +result +tested on +why$/);
    for (const result of ['SUCCESS', 'MERGE_CONFLICT', 'FAILURE', 'DEPENDENCY_FAILED'])
      expect(run.stdout).to.include(result);
    expect(run.stdout).to.match(/main \+ \d ahead/);
    // Each change's name starts a row; the verdict line, outside the table, keeps whole names.
    for (const name of QUEUE)
      expect(
        lines.some((line) => line.startsWith(`  ${name.slice(0, 12)}`)),
        name,
      ).to.equal(true);
    expect(run.stdout).to.include('Verdict: FAILURE');
  });

  it('keeps the plan table within COLUMNS=80 too', async () => {
    const run = await runCli(['plan', ...QUEUE], { cwd: dir, env: { COLUMNS: '80' } });
    const lines = table(run.stdout);
    expect(lines[0]).to.match(/state$/);
    for (const line of lines) expect([...line].length, `"${line}"\n${run.stdout}`).to.be.at.most(80);
  });

  it('writes each row on one line when COLUMNS is wide enough, and takes 80 when COLUMNS is 0', async () => {
    const wide = await runCli(['gate', ...QUEUE], { cwd: dir, env: { COLUMNS: '400' } });
    expect(wide.stdout).to.match(
      /feature\/add-a-farewell-message-to-the-greeting-tool +SUCCESS +main \+ feature\/add-a-farewell-message-to-the-greeting-tool +2 voting jobs passed/,
    );
    const zero = await runCli(['gate', ...QUEUE], { cwd: dir, env: { COLUMNS: '0' } });
    for (const line of table(zero.stdout)) expect([...line].length, line).to.be.at.most(80);
  });

  it('gives a passing batch its time once in JUnit, and counts its cached jobs once', async () => {
    const out = scratchDir('specgate-tables-');
    const junit = path.join(out, 'junit.xml');
    const queue = ['add-farewell', 'farewell-polite'];
    // --no-cache: the earlier tests ran these commits, and this run must run the batch.
    const first = await runCli(['gate', ...queue, '--strategy', 'batch', '--no-cache', '--junit', junit], {
      cwd: dir,
    });
    expect(first.status, first.stderr).to.equal(0);
    const xml = fs.readFileSync(junit, 'utf8');
    const judged =
      /<testcase classname="add-farewell" name="test" time="([\d.]+)">([\s\S]*?)<\/testcase>/.exec(xml);
    expect(judged, xml).to.not.equal(null);
    expect(judged![1]).to.equal('0.000');
    expect(judged![2]).to.include('<property name="judged-by" value="farewell-polite"/>');
    expect(xml).to.match(/<testcase classname="farewell-polite" name="test" time="(?!0\.000)[\d.]+"\/?>/);

    const second = await runCli(['gate', ...queue, '--strategy', 'batch', '--junit', junit], { cwd: dir });
    expect(second.status, second.stderr).to.equal(0);
    expect(second.stdout).to.include('Cached: 2 of 2 job results');
    expect(fs.readFileSync(junit, 'utf8')).to.include('<property name="cached" value="true"/>');
  });
});
