import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import { configFile, scratchDir } from '../helpers/fixture-repo.js';
import { git } from '../helpers/git.js';
import { runCli } from '../helpers/run-cli.js';

/*
 * DESIGN "Where people run it", Terminal and CI: the prepare steps (command, cache hit or miss, elapsed)
 * are visible as plain lines off a terminal and on stderr with --json; under -j the head of the queue is
 * scheduled first, and prepare steps count against -j.
 */

/** main with a key file, and changes c1, c2, c3 on it, each changing the key (so each state prepares). */
function queueRepository(): string {
  const dir = path.join(scratchDir('specgate-progress-'), 'repo');
  fs.mkdirSync(dir);
  git(dir, 'init', '-q', '-b', 'main');
  fs.writeFileSync(path.join(dir, 'key'), 'base\n');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'base');
  for (const change of ['c1', 'c2', 'c3']) {
    git(dir, 'checkout', '-q', '-b', change, 'main');
    fs.writeFileSync(path.join(dir, `${change}.txt`), `${change}\n`);
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '-m', change);
  }
  git(dir, 'checkout', '-q', 'main');
  return dir;
}

/**
 * A prepare step and a job that both append `start <what> <change>` and `end <what> <change>` to `marks`:
 * the prepare step's key is the state's list of change files, so each state of c1, c2, c3 misses.
 */
function markingConfig(marks: string): string {
  const mark = (what: string) =>
    `echo "start ${what} $SPECGATE_CHANGE" >> ${marks}; ls > /dev/null; echo "end ${what} $SPECGATE_CHANGE" >> ${marks}`;
  return configFile(
    [
      'prepare:',
      `  - run: ${mark('prepare')}; mkdir -p deps; ls > deps/list`,
      '    key: [c1.txt, c2.txt, c3.txt]',
      '    paths: [deps]',
      'jobs:',
      '  t:',
      `    run: ${mark('job')}`,
      '',
    ].join('\n'),
  );
}

const marksOf = (file: string): string[] => fs.readFileSync(file, 'utf8').trim().split('\n');

describe('progress and scheduling of prepare steps (DESIGN "Terminal and CI")', function () {
  it("-j 1: prepare steps and jobs never overlap, a state's work is not split, and waiting states are served head of the queue first", async function () {
    const dir = queueRepository();
    const marks = path.join(scratchDir('specgate-progress-marks-'), 'marks');
    const run = await runCli(
      ['gate', 'c1', 'c2', 'c3', '--config', markingConfig(marks), '--no-cache', '-j', '1'],
      { cwd: dir },
    );
    expect(run.status, run.stderr).to.equal(0);
    const lines = marksOf(marks);
    // One slot: every start is followed by its own end before anything else starts.
    expect(lines).to.have.length(12);
    for (let i = 0; i < lines.length; i += 2) {
      expect(lines[i], lines.join('\n')).to.match(/^start /);
      expect(lines[i + 1], lines.join('\n')).to.equal(lines[i].replace(/^start/, 'end'));
    }
    const starts = lines.filter((line) => line.startsWith('start'));
    // Each state's preparation hands its slot to the state's job: a state's work is never split by another's.
    const order = starts.map((line) => line.split(' ')[2]);
    expect(starts, lines.join('\n')).to.deep.equal(
      order.map((change, i) => `start ${i % 2 ? 'job' : 'prepare'} ${change}`),
    );
    expect(
      order.filter((_, i) => i % 2 === 0),
      lines.join('\n'),
    ).to.have.members(['c1', 'c2', 'c3']);
    // The first state to be checked out takes the free slot; every later one waited, and waiters are served
    // head of the queue first.
    const after = order.filter((_, i) => i % 2 === 0).slice(1);
    expect(after, lines.join('\n')).to.deep.equal([...after].sort());
  });

  it('plain output (no terminal, CI=true) names each prepare step, its cache miss or hit, and its time', async function () {
    const dir = queueRepository();
    const marks = path.join(scratchDir('specgate-progress-marks-'), 'marks');
    const config = markingConfig(marks);
    const first = await runCli(['check', 'c1', '--config', config, '--no-cache'], { cwd: dir });
    expect(first.status, first.stderr).to.equal(0);
    expect(first.stderr).to.match(/^\[c1\] prepare: echo "start prepare .* \(cache miss\) started$/m);
    expect(first.stderr).to.match(
      /^\[c1\] prepare: echo "start prepare .* \(cache miss\) done in \d+\.\ds$/m,
    );
    // The products are cached: a second run of the same state takes them.
    const second = await runCli(['check', 'c1', '--config', config, '--no-cache'], { cwd: dir });
    expect(second.status, second.stderr).to.equal(0);
    expect(second.stderr).to.match(
      /^\[c1\] prepare: echo "start prepare .* \(cache hit\) done in \d+\.\ds$/m,
    );
    // The prepare line comes after the state is known and before its job starts.
    const lines = first.stderr.split('\n');
    const at = (pattern: RegExp) => lines.findIndex((line) => pattern.test(line));
    expect(at(/^\[c1\] testing on/)).to.be.lessThan(at(/^\[c1\] prepare: .*started$/));
    expect(at(/^\[c1\] prepare: .* done in/)).to.be.lessThan(at(/^\[c1\] job t started/));
  });

  it('--json: progress lines on stderr, and stdout holds the JSON result alone', async function () {
    const dir = queueRepository();
    const marks = path.join(scratchDir('specgate-progress-marks-'), 'marks');
    const run = await runCli(['gate', 'c1', 'c2', '--config', markingConfig(marks), '--no-cache', '--json'], {
      cwd: dir,
    });
    expect(run.status, run.stderr).to.equal(0);
    const result = JSON.parse(run.stdout) as { verdict: string; changes: Array<{ id: string }> };
    expect(result.verdict).to.equal('SUCCESS');
    expect(result.changes.map((change) => change.id)).to.deep.equal(['c1', 'c2']);
    expect(run.stderr).to.match(/^\[c2\] prepare: echo .* \(cache miss\) started$/m);
    expect(run.stderr).to.match(/^\[c1\] job t SUCCESS/m);
    expect(run.stderr).to.match(/^\[c2\] SUCCESS: /m);
  });
});
