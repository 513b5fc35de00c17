import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PipelineResult } from '../../src/core/types.js';
import { configFile, fixtureRepo, scratchDir } from '../helpers/fixture-repo.js';
import { findChromium, openInBrowser, type LoadedPage } from '../helpers/headless-browser.js';
import { runCli, type CliRun } from '../helpers/run-cli.js';

const QUEUE = ['add-farewell', 'shout-greeting', 'reword-usage', 'shout-docs', 'farewell-polite'];
// A job name the page must show as text (change names cannot hold these: see isChangeSpec).
const LINT = 'lint <script>alert(1)</script> & co';

/**
 * The demo queue with jobs that make a gate reset certain, whatever the machine's speed: on a state holding
 * shout-greeting and a change behind it, `test` says so (a file in the hand-shake directory) and then runs
 * until the reset stops it; on shout-greeting's own state, it fails only once such a job is running.
 */
function resettingConfig(handshake: string): string {
  const test = [
    'if grep -q HELLO greet.sh; then',
    '  if [ -e SHOUTING.md ] || grep -qs "Come back" farewell.sh; then',
    '    touch "$HANDSHAKE/behind"; while :; do sleep 1; done',
    '  fi',
    '  while [ ! -e "$HANDSHAKE/behind" ]; do sleep 0.1; done; echo "greeting not as expected"; exit 1',
    'fi',
    './tests/run.sh',
  ].join('\n');
  return [
    'target: main',
    'jobs:',
    `  ${JSON.stringify(LINT)}:`,
    '    run: for f in *.sh tests/*.sh; do sh -n "$f" || exit 1; done; echo "syntax ok"',
    '  test:',
    `    run: ${JSON.stringify(test)}`,
    `    dependencies: [${JSON.stringify(LINT)}]`,
    '    timeout: 300',
    `    env: { HANDSHAKE: ${JSON.stringify(handshake)} }`,
    '',
  ].join('\n');
}

describe('specgate gate --html (the page in a real headless browser)', function () {
  const chromium = findChromium();
  let run: CliRun;
  let json: PipelineResult;
  let file: string;
  let page: LoadedPage;

  before(async function () {
    if (!chromium) {
      console.log('      skipped: no chromium on PATH (CI installs it: .ci/run; or set $CHROMIUM)');
      this.skip();
    }
    const { dir } = await fixtureRepo('demo');
    const handshake = scratchDir('specgate-handshake-');
    // A page directory whose name needs escaping and percent-encoding, away from the repository.
    const out = path.join(scratchDir('specgate-html-'), `page <b>&"'#%`);
    fs.mkdirSync(out);
    file = path.join(out, 'run.html');
    const config = configFile(resettingConfig(handshake));
    run = await runCli(
      ['gate', ...QUEUE, '--config', config, '--no-cache', '-j', '6', '--json', '--html', file],
      { cwd: dir },
    );
    json = JSON.parse(run.stdout) as PipelineResult;
    expect(fs.existsSync(file), `no page written; stderr: ${run.stderr}`).to.equal(true);
    page = await openInBrowser(file, chromium!);
  });

  after(async () => {
    await page?.close();
  });

  it('gives the verdict, with a gate reset in the run', () => {
    expect(run.status, run.stderr).to.equal(1);
    expect(json.changes.map((c) => [c.id, c.result])).to.deep.equal([
      ['add-farewell', 'SUCCESS'],
      ['shout-greeting', 'FAILURE'],
      ['reword-usage', 'MERGE_CONFLICT'],
      ['shout-docs', 'DEPENDENCY_FAILED'],
      ['farewell-polite', 'SUCCESS'],
    ]);
    expect(json.builds.filter((b) => b.result === 'ABORTED').map((b) => b.change)).to.include(
      'farewell-polite',
    );
  });

  it('loads with no console error, and asks for nothing but itself', () => {
    expect(page.errors).to.deep.equal([]);
    expect(page.requests.map((url) => fileURLToPath(url))).to.deep.equal([file]);
  });

  it('shows every change of the queue by name, in order, with its result', async () => {
    const rows = await page.evaluate<string[][]>(
      `[...document.querySelectorAll('table.queue tbody tr')].map((tr) =>
        [tr.querySelector('.change-id').textContent, tr.querySelector('.result').textContent])`,
    );
    expect(rows).to.deep.equal(json.changes.map((c) => [c.id, c.result]));
    const labels = await page.evaluate<string[]>(
      `[...document.querySelectorAll('.timeline .row .label .change-id')].map((e) => e.textContent)`,
    );
    for (const id of QUEUE) expect(labels).to.include(id);
  });

  it('shows the reset: the cancelled state, who reset it, and its aborted builds', async () => {
    const resets = await page.evaluate<Array<{ text: string; aborted: string[] }>>(
      `[...document.querySelectorAll('.row.role-reset')].map((row) => ({
        text: row.querySelector('.label').textContent,
        aborted: [...row.querySelectorAll('.bar.r-ABORTED')].map((bar) => bar.textContent),
      }))`,
    );
    const polite = resets.find((r) => r.text.startsWith('farewell-polite'));
    expect(polite, JSON.stringify(resets)).not.to.equal(undefined);
    expect(polite!.text).to.include('main + add-farewell + shout-greeting + shout-docs + farewell-polite');
    expect(polite!.text).to.include('reset by shout-greeting');
    expect(polite!.aborted).to.deep.equal(['test']);
  });

  it('shows the job name as text, never as markup', async () => {
    expect(await page.evaluate<number>(`document.scripts.length`)).to.equal(0);
    const names = await page.evaluate<string[]>(
      `[...document.querySelectorAll('ul.jobs a')].map((a) => a.textContent)`,
    );
    expect(names).to.include(LINT);
  });

  it('can be looked at: SPECGATE_HTML_SCREENSHOT=FILE writes a PNG of it', async function () {
    const shot = process.env.SPECGATE_HTML_SCREENSHOT;
    if (!shot) this.skip();
    await page.screenshot(path.resolve(shot!));
    expect(fs.statSync(shot!).size).to.be.greaterThan(0);
  });

  it('links to the log files, which exist', async () => {
    const links = await page.evaluate<string[]>(
      `[...document.querySelectorAll('a[href]')].map((a) => a.href)`,
    );
    const logs = json.changes.flatMap((c) => c.jobs.map((j) => j.log!));
    expect(links.length).to.be.greaterThan(logs.length);
    const targets = links.map((href) => fileURLToPath(href));
    for (const log of logs) expect(targets).to.include(log);
    for (const target of targets) expect(fs.existsSync(target), target).to.equal(true);
    expect(fs.readFileSync(logs[3], 'utf8')).to.include('greeting not as expected');
  });
});

describe('specgate check --html', function () {
  it('writes the page off a terminal, next to the plain lines and the summary', async () => {
    const { dir } = await fixtureRepo('demo');
    const run = await runCli(['check', 'add-farewell', 'shout-greeting', '--html', 'run.html'], { cwd: dir });
    expect(run.status, run.stderr).to.equal(1);
    expect(run.stdout).to.include('Verdict: FAILURE');
    const page = fs.readFileSync(path.join(dir, 'run.html'), 'utf8');
    expect(page).to.include('<h1>specgate check: <span class="verdict v-FAILURE">FAILURE</span></h1>');
    expect(page).to.include('<span class="state">main + shout-greeting</span>');
    // Written in the repository's root, its logs are reached below .git.
    expect(page).to.match(/href="\.git\/specgate\/logs\/[^"]+\/shout-greeting\/test\.log"/);
  });

  it('is refused on a shard, which has no verdict', async () => {
    const { dir } = await fixtureRepo('demo');
    const run = await runCli(['check', 'add-farewell', '--shard', '1/2', '--json', '--html', 'x.html'], {
      cwd: dir,
    });
    expect(run.status).to.equal(2);
    expect(run.stderr).to.include("--html: a shard has no verdict; give it to 'specgate report merge'");
    expect(fs.existsSync(path.join(dir, 'x.html'))).to.equal(false);
  });
});

describe('specgate --html: a file that cannot be written', function () {
  it('is refused before any job runs: exit 2, one line naming it', async () => {
    const { dir } = await fixtureRepo('demo');
    const bad = await runCli(['gate', 'add-farewell', '--html', '/nonexistent-dir/run.html'], { cwd: dir });
    expect(bad.status).to.equal(2);
    expect(bad.stderr.trim().split('\n')[0]).to.equal(
      'specgate: error: --html: cannot write /nonexistent-dir/run.html: no such directory /nonexistent-dir',
    );
    expect(fs.existsSync(path.join(dir, '.git', 'specgate', 'logs'))).to.equal(false);
  });
});
