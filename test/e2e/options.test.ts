import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import type { JobListing, PipelineResult } from '../../src/core/types.js';
import { configFile, fixtureRepo, scratchDir } from '../helpers/fixture-repo.js';
import { git } from '../helpers/git.js';
import { BIN, runCli } from '../helpers/run-cli.js';

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
    const onFarewell = parse((await runCli(['plan', 'farewell-polite', '--target', 'add-farewell', '--json'], { cwd: dir })).stdout);
    expect(onFarewell.target).to.deep.equal({ ref: 'add-farewell', sha: tips['add-farewell'] });
    // add-farewell is in the target now, so the stacked change no longer depends on anything.
    expect(onFarewell.changes[0].dependsOn).to.deep.equal([]);
    const config = configFile('target: add-farewell\n');
    const fromConfig = parse((await runCli(['plan', 'farewell-polite', '--config', config, '--json'], { cwd: dir })).stdout);
    expect(fromConfig.target.ref).to.equal('add-farewell');
  });

  it('runs only the jobs named with --jobs, and ignores non-voting failures', async () => {
    const config = configFile(`
jobs:
  good: { run: "true" }
  bad: { run: "false" }
  advisory: { run: "exit 3", voting: false }
`);
    const only = parse((await runCli(['check', 'add-farewell', '--jobs', 'good,advisory', '--config', config, '--json'], { cwd: dir })).stdout);
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
    const result = parse((await runCli(['check', 'add-farewell', '--config', config, '--json'], { cwd: dir })).stdout);
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
});
