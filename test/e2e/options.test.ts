import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { JobListing, PipelineResult } from '../../src/core/types.js';
import { configFile, fixtureRepo, scratchDir } from '../helpers/fixture-repo.js';
import { git } from '../helpers/git.js';
import { BIN, runCli } from '../helpers/run-cli.js';
import { jobsNotRun } from '../helpers/jobs-not-run.js';
import { verdictEssence } from '../helpers/verdict-essence.js';

const parse = (stdout: string) => JSON.parse(stdout) as PipelineResult;

describe('options and change specs', () => {
  let dir: string;
  let tips: Record<string, string>;
  before(async () => {
    ({ dir, tips } = await fixtureRepo('demo'));
  });

  it('runs in the directory given with -C', async () => {
    const run = await runCli(['gate', 'add-farewell', '-C', dir, '--json'], { cwd: scratchDir() });
    expect(run.status, run.stderr).to.equal(0);
    expect(parse(run.stdout).changes[0].result).to.equal('SUCCESS');
  });

  it('accepts commit ids, abbreviated ids, tags and ~N suffixes as changes, and keeps the given names', async () => {
    git(dir, 'tag', 'v-farewell', 'add-farewell');
    const short = tips['shout-greeting'].slice(0, 9);
    const run = await runCli(['plan', 'v-farewell', short, 'farewell-polite~0', '--json'], { cwd: dir });
    expect(run.status, run.stderr).to.equal(0);
    const result = parse(run.stdout);
    expect(result.changes.map((c) => [c.id, c.sha])).to.deep.equal([
      ['v-farewell', tips['add-farewell']],
      [short, tips['shout-greeting']],
      ['farewell-polite~0', tips['farewell-polite']],
    ]);
    git(dir, 'tag', '-d', 'v-farewell');
  });

  it('merges into the branch given with --target, or the config target', async () => {
    const onFarewell = parse(
      (await runCli(['plan', 'farewell-polite', '--target', 'add-farewell', '--json'], { cwd: dir })).stdout,
    );
    expect(onFarewell.target).to.deep.equal({ ref: 'add-farewell', sha: tips['add-farewell'] });
    // add-farewell is in the target now, so the stacked change no longer depends on anything.
    expect(onFarewell.changes[0].dependsOn).to.deep.equal([]);
    const config = configFile('target: add-farewell\n');
    const fromConfig = parse(
      (await runCli(['plan', 'farewell-polite', '--config', config, '--json'], { cwd: dir })).stdout,
    );
    expect(fromConfig.target.ref).to.equal('add-farewell');
  });

  it('runs only the jobs named with --jobs, and ignores non-voting failures', async () => {
    const config = configFile(`
jobs:
  good: { run: "true" }
  bad: { run: "false" }
  advisory: { run: "exit 3", voting: false }
`);
    const only = parse(
      (
        await runCli(['check', 'add-farewell', '--jobs', 'good,advisory', '--config', config, '--json'], {
          cwd: dir,
        })
      ).stdout,
    );
    expect(only.changes[0].jobs.map((j) => [j.name, j.result, j.voting])).to.deep.equal([
      ['good', 'SUCCESS', true],
      ['advisory', 'FAILURE', false],
    ]);
    expect(only.changes[0].result).to.equal('SUCCESS');
    const all = await runCli(['check', 'add-farewell', '--config', config, '--json'], { cwd: dir });
    expect(all.status).to.equal(1);
    expect(parse(all.stdout).changes[0].message).to.equal('job bad (FAILURE) did not succeed');
  });

  it('skips the dependents of a job that failed, saying why', async () => {
    const config = configFile(`
jobs:
  build: { run: "exit 1" }
  unit: { run: "true", dependencies: [build] }
`);
    const result = parse(
      (await runCli(['check', 'add-farewell', '--config', config, '--json'], { cwd: dir })).stdout,
    );
    const unit = result.changes[0].jobs.find((j) => j.name === 'unit')!;
    expect(unit.result).to.equal('SKIPPED');
    expect(unit.message).to.contain('build');
  });

  it('lists with `jobs` what would run for each change and why the other jobs would not', async () => {
    const config = configFile(`
jobs:
  build: { run: "true" }
  slow: { run: "true" }
pipelines:
  check: [build]
`);
    const run = await runCli(['jobs', 'add-farewell', '--config', config, '--json'], { cwd: dir });
    expect(run.status, run.stderr).to.equal(0);
    const listing = JSON.parse(run.stdout) as JobListing;
    expect(listing.changes[0].jobs).to.deep.equal([
      { name: 'build', runs: true, reason: 'in the check pipeline' },
      { name: 'slow', runs: false, reason: 'not in the check pipeline' },
    ]);
    const text = await runCli(['jobs', 'add-farewell', '--config', config], { cwd: dir });
    expect(text.stdout).to.match(/slow\s+skipped\s+not in the check pipeline/);
  });

  it('shows a live view on a terminal (listr2), with the final result of each change', () => {
    // `script` gives the process a real pseudo-terminal, as a developer's shell would.
    const command = `stty cols 120 rows 40; ${process.execPath} ${BIN} gate add-farewell shout-greeting`;
    const run = spawnSync('script', ['-qec', command, '/dev/null'], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, CI: '', NO_COLOR: '', FORCE_COLOR: undefined, TERM: 'xterm-256color' },
    });
    expect(run.stdout).to.match(/\u001b\[/);
    expect(run.stdout).to.match(/✔ add-farewell/);
    expect(run.stdout).to.match(/✖ shout-greeting/);
    expect(run.stdout).not.to.contain('[add-farewell]');
  });

  it('takes the global flags before the command too: -C, --json, --config, and before a two-word command', async () => {
    const elsewhere = scratchDir();
    const after = await runCli(['gate', 'add-farewell', '-C', dir, '--json'], { cwd: elsewhere });
    for (const args of [
      ['-C', dir, 'gate', 'add-farewell', '--json'],
      ['--json', '-C', dir, 'gate', 'add-farewell'],
      [`--directory=${dir}`, '--json', 'gate', 'add-farewell'],
    ]) {
      const run = await runCli(args, { cwd: elsewhere });
      expect(run.status, `${args.join(' ')}: ${run.stderr}`).to.equal(0);
      expect(verdictEssence(parse(run.stdout)), args.join(' ')).to.deep.equal(
        verdictEssence(parse(after.stdout)),
      );
    }
    const config = configFile('jobs:\n  only-this:\n    run: "true"\n');
    const configured = await runCli(['--config', config, '-C', dir, 'check', 'add-farewell', '--json'], {
      cwd: elsewhere,
    });
    expect(configured.status, configured.stderr).to.equal(0);
    expect(parse(configured.stdout).changes[0].jobs.map((job) => job.name)).to.deep.equal(['only-this']);
    const listed = await runCli(['-C', dir, '--json', 'cache', 'list'], { cwd: elsewhere });
    expect(listed.status, listed.stderr).to.equal(0);
    expect(() => JSON.parse(listed.stdout)).not.to.throw();
    // An unknown command is named as such, not the flag before it.
    const unknown = await runCli(['-C', dir, 'frobnicate'], { cwd: elsewhere });
    expect(unknown.status).to.equal(2);
    expect(unknown.stderr).to.match(/^specgate: error: command frobnicate not found/);
    expect(unknown.stderr.trim().split('\n')).to.have.length(1);
  });

  describe('--work-dir shared with what specgate did not make', () => {
    const QUEUE = ['add-farewell', 'shout-greeting', 'reword-usage'];
    const SLOW = configFile('jobs:\n  test:\n    run: sleep 1; ./tests/run.sh\n');
    // --no-cache: each run checks its states out into the work directory and runs its jobs, rather than
    // take the verdict the run before it left in the result cache.
    const gate = (workDir: string, ...extra: string[]) =>
      runCli(['gate', ...QUEUE, '--json', '--no-cache', '--config', SLOW, '--work-dir', workDir, ...extra], {
        cwd: dir,
      });
    /** The verdict of a run whose every job ran. */
    const ranAll = (stdout: string) => {
      const result = parse(stdout);
      expect(result.changes.flatMap((c) => c.jobs)).not.to.deep.equal([]);
      expect(jobsNotRun(result)).to.deep.equal([]);
      return verdictEssence(result);
    };
    let alone: ReturnType<typeof verdictEssence>;
    before(async () => {
      const run = await gate(scratchDir('specgate-work-'));
      expect(run.status, run.stderr).to.equal(1);
      alone = ranAll(run.stdout);
    });

    /** Every directory's files and their contents, by path. */
    const contents = (root: string) =>
      Object.fromEntries(
        fs
          .readdirSync(root, { recursive: true, encoding: 'utf8' })
          .sort()
          .map((name) => [
            name,
            fs.statSync(path.join(root, name)).isFile()
              ? fs.readFileSync(path.join(root, name), 'utf8')
              : 'dir',
          ]),
      );

    it('leaves a directory already there under any name it would pick untouched, and gives the same verdict', async () => {
      const workDir = scratchDir('specgate-work-');
      // Every name a state could take: NN-change, and the NN-change-2 taken when that exists.
      for (let n = 1; n <= 2 * QUEUE.length; n++) {
        for (const change of QUEUE) {
          for (const name of [
            `${String(n).padStart(2, '0')}-${change}`,
            `${String(n).padStart(2, '0')}-${change}-2`,
          ]) {
            fs.mkdirSync(path.join(workDir, name));
            fs.writeFileSync(path.join(workDir, name, 'mine.txt'), `a file of mine in ${name}\n`);
          }
        }
      }
      fs.writeFileSync(path.join(workDir, '01-add-farewell', 'greet.sh'), 'not specgate\n');
      const before = contents(workDir);
      const run = await gate(workDir);
      expect(run.status, run.stderr).to.equal(1);
      expect(ranAll(run.stdout)).to.deep.equal(alone);
      expect(contents(workDir)).to.deep.equal(before);
    });

    it('keeps a state kept by --keep through a second run in the same directory', async () => {
      const workDir = scratchDir('specgate-work-');
      const kept = await gate(workDir, '--keep');
      expect(kept.status, kept.stderr).to.equal(1);
      const before = contents(workDir);
      expect(Object.keys(before).length).to.be.greaterThan(0);
      const again = await gate(workDir);
      expect(ranAll(again.stdout)).to.deep.equal(alone);
      expect(contents(workDir)).to.deep.equal(before);
    });

    it('two runs at once in one work directory both give the verdict of a run alone, and leave it empty', async () => {
      const workDir = scratchDir('specgate-work-');
      const [one, two] = await Promise.all([gate(workDir), gate(workDir)]);
      expect(one.status, one.stderr).to.equal(1);
      expect(two.status, two.stderr).to.equal(1);
      expect(ranAll(one.stdout)).to.deep.equal(alone);
      expect(ranAll(two.stdout)).to.deep.equal(alone);
      expect(fs.readdirSync(workDir)).to.deep.equal([]);
    });

    it('checkout --dir of a directory holding anything refuses, exit 2, deleting nothing', async () => {
      const target = scratchDir('specgate-checkout-');
      fs.writeFileSync(path.join(target, 'mine.txt'), 'keep me\n');
      const run = await runCli(['checkout', 'add-farewell', '--dir', target], { cwd: dir });
      expect(run.status).to.equal(2);
      expect(run.stderr).to.match(new RegExp(`^specgate: error: .*${target}.*not empty`));
      expect(fs.readdirSync(target)).to.deep.equal(['mine.txt']);
      const file = path.join(target, 'mine.txt');
      const onFile = await runCli(['checkout', 'add-farewell', '--dir', file], { cwd: dir });
      expect(onFile.status).to.equal(2);
      expect(onFile.stderr).to.equal(
        `specgate: error: --dir ${file} is not a directory. Try this: give a new or empty directory\n`,
      );
      expect(fs.readFileSync(file, 'utf8')).to.equal('keep me\n');
    });
  });
});
