import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import type { JobListing } from '../../src/core/types.js';
import { fixtureRepo, scratchDir } from '../helpers/fixture-repo.js';
import { git } from '../helpers/git.js';
import { runCli } from '../helpers/run-cli.js';

const SCHEMA_LINE = '# yaml-language-server: $schema=./node_modules/specgate/schema/specgate.schema.json';
const HINT = /No specgate configuration found in this repository\.\nRun `specgate init`/;

/** The jobs `specgate jobs` finds in the configuration of `dir`, which it must accept (exit 0). */
async function acceptedJobs(dir: string): Promise<string[]> {
  const run = await runCli(['jobs', '--json'], { cwd: dir });
  expect(run.status, run.stderr).to.equal(0);
  return (JSON.parse(run.stdout) as JobListing).changes[0].jobs.map((job) => job.name);
}

describe('specgate init and the first run', () => {
  it('writes jobs, their dependencies and a prepare step from package.json scripts and package-lock.json', async () => {
    const { dir } = await fixtureRepo('dependencies');
    const scripts = {
      lint: 'eslint .',
      build: 'tsc',
      test: 'mocha',
      'type-check': 'tsc --noEmit',
      start: 'node .',
    };
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'x', scripts }));
    fs.writeFileSync(path.join(dir, 'package-lock.json'), '{}');

    const run = await runCli(['init'], { cwd: dir });
    expect(run.status, run.stderr).to.equal(0);
    const text = fs.readFileSync(path.join(dir, '.specgaterc.yml'), 'utf8');
    expect(text.split('\n')[0]).to.equal(SCHEMA_LINE);
    expect(parse(text)).to.deep.equal({
      target: 'main',
      prepare: [{ run: 'npm ci', key: ['package-lock.json'], paths: ['node_modules'] }],
      jobs: {
        lint: { run: 'npm run lint' },
        typecheck: { run: 'npm run type-check' },
        build: { run: 'npm run build' },
        test: { run: 'npm run test', dependencies: ['build'] },
      },
    });
    expect(run.stdout)
      .to.contain('wrote .specgaterc.yml')
      .and.contain(text)
      .and.match(/specgate check/)
      .and.match(/specgate gate <branch>/);
    expect(await acceptedJobs(dir)).to.deep.equal(['lint', 'typecheck', 'build', 'test']);
  });

  it('keys the prepare step by yarn.lock, and does not make test depend on a build that does not exist', async () => {
    const { dir } = await fixtureRepo('dependencies');
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ scripts: { test: 'jest' } }));
    fs.writeFileSync(path.join(dir, 'yarn.lock'), '');
    const run = await runCli(['init'], { cwd: dir });
    expect(run.status, run.stderr).to.equal(0);
    expect(parse(fs.readFileSync(path.join(dir, '.specgaterc.yml'), 'utf8'))).to.deep.include({
      prepare: [{ run: 'yarn install --frozen-lockfile', key: ['yarn.lock'], paths: ['node_modules'] }],
      jobs: { test: { run: 'npm run test' } },
    });
    expect(await acceptedJobs(dir)).to.deep.equal(['test']);
  });

  it('without a lock file installs the dependencies before the jobs, so the first check passes', async function () {
    this.timeout(180_000);
    const { dir } = await fixtureRepo('dependencies');
    // An eslint-like tool as a local package: npm installs it offline.
    const tool = path.join(dir, 'tools', 'fake-lint');
    fs.mkdirSync(tool, { recursive: true });
    fs.writeFileSync(
      path.join(tool, 'package.json'),
      JSON.stringify({ name: 'fake-lint', version: '1.0.0', bin: { 'fake-lint': 'bin.js' } }),
    );
    fs.writeFileSync(path.join(tool, 'bin.js'), '#!/usr/bin/env node\nconsole.log("fake-lint: clean");\n');
    const scripts = { lint: 'fake-lint .', test: 'npm run lint && node -e "process.exit(0)"' };
    fs.writeFileSync(
      path.join(dir, 'package.json'),
      JSON.stringify({
        name: 'x',
        version: '1.0.0',
        scripts,
        devDependencies: { 'fake-lint': 'file:tools/fake-lint' },
      }),
    );
    git(dir, 'add', 'package.json', 'tools');
    git(dir, 'commit', '-q', '-m', 'a project with a dev dependency and no lock file');

    const init = await runCli(['init'], { cwd: dir });
    expect(init.status, init.stderr).to.equal(0);
    expect(init.stdout)
      .to.contain('no lock file: the prepare step runs npm install --no-package-lock --no-audit --no-fund')
      .and.contain("no lint job: the test job's script already runs the lint script");
    expect(parse(fs.readFileSync(path.join(dir, '.specgaterc.yml'), 'utf8'))).to.deep.include({
      prepare: [
        {
          run: 'npm install --no-package-lock --no-audit --no-fund',
          key: ['package.json'],
          paths: ['node_modules'],
        },
      ],
      jobs: { test: { run: 'npm run test' } },
    });

    const check = await runCli(['check', '--json'], {
      cwd: dir,
      env: { npm_config_cache: scratchDir('specgate-npm-cache-'), npm_config_offline: 'true' },
    });
    expect(check.status, check.stdout + check.stderr).to.equal(0);
    const [change] = (
      JSON.parse(check.stdout) as { changes: Array<{ jobs: Array<{ name: string; result: string }> }> }
    ).changes;
    expect(change.jobs.map(({ name, result }) => [name, result])).to.deep.equal([['test', 'SUCCESS']]);
  });

  it('refuses when a configuration exists (exit 2, file unchanged); --force replaces it', async () => {
    const { dir } = await fixtureRepo('demo');
    const file = path.join(dir, '.specgaterc.yml');
    const before = fs.readFileSync(file, 'utf8');
    const refused = await runCli(['init'], { cwd: path.join(dir, 'tests') });
    expect(refused.status).to.equal(2);
    expect(refused.stderr).to.match(
      /^specgate: error: a specgate configuration already exists: \.\.\/\.specgaterc\.yml/,
    );
    expect(refused.stdout).to.equal('');
    expect(fs.readFileSync(file, 'utf8')).to.equal(before);

    const forced = await runCli(['init', '--force'], { cwd: dir });
    expect(forced.status, forced.stderr).to.equal(0);
    expect(forced.stdout).to.match(/^replaced \.specgaterc\.yml/);
    const after = fs.readFileSync(file, 'utf8');
    expect(after).not.to.equal(before);
    expect(parse(after)).to.deep.equal({ target: 'main', jobs: {} });
  });

  it('also counts a configuration in package.json#specgate', async () => {
    const { dir } = await fixtureRepo('dependencies');
    fs.writeFileSync(
      path.join(dir, 'package.json'),
      JSON.stringify({ scripts: { test: 'jest' }, specgate: { jobs: {} } }),
    );
    const run = await runCli(['init'], { cwd: dir });
    expect(run.status).to.equal(2);
    expect(run.stderr).to.match(/already exists: package\.json/);
    expect(fs.existsSync(path.join(dir, '.specgaterc.yml'))).to.equal(false);
  });

  it('without package.json writes a valid file with no jobs that says what to edit', async () => {
    const { dir } = await fixtureRepo('dependencies');
    const run = await runCli(['init', '--json'], { cwd: dir });
    expect(run.status, run.stderr).to.equal(0);
    expect(JSON.parse(run.stdout)).to.deep.include({
      target: 'main',
      jobs: [],
      prepare: [],
      detected: false,
    });
    const text = fs.readFileSync(path.join(dir, '.specgaterc.yml'), 'utf8');
    expect(text).to.contain('No package.json was found').and.contain('#     run: make test');
    expect(parse(text)).to.deep.equal({ target: 'main', jobs: {} });
    expect(await acceptedJobs(dir)).to.deep.equal([]);
    const check = await runCli(['check'], { cwd: dir });
    expect(check.status, check.stderr).to.equal(0);
  });

  it('targets master when there is no main, else the checked-out branch', async () => {
    const { dir } = await fixtureRepo('dependencies');
    git(dir, 'branch', '-m', 'main', 'master');
    expect((await runCli(['init'], { cwd: dir })).status).to.equal(0);
    expect(parse(fs.readFileSync(path.join(dir, '.specgaterc.yml'), 'utf8')).target).to.equal('master');
    git(dir, 'branch', '-m', 'master', 'trunk');
    expect((await runCli(['init', '--force'], { cwd: dir })).status).to.equal(0);
    expect(parse(fs.readFileSync(path.join(dir, '.specgaterc.yml'), 'utf8')).target).to.equal('trunk');
    expect(await acceptedJobs(dir)).to.deep.equal([]);
  });

  it('refuses outside a repository', async () => {
    const outside = scratchDir();
    const run = await runCli(['init'], { cwd: outside });
    expect(run.status).to.equal(2);
    expect(run.stderr).to.match(/not a git repository/);
    expect(fs.readdirSync(outside)).to.deep.equal([]);
  });

  describe('specgate with no arguments', () => {
    it('in a repository without a configuration, prints the hint and then the help, and exits 0', async () => {
      const { dir } = await fixtureRepo('dependencies');
      fs.mkdirSync(path.join(dir, 'sub'));
      const run = await runCli([], { cwd: path.join(dir, 'sub') });
      expect(run.status, run.stderr).to.equal(0);
      expect(run.stdout).to.match(new RegExp(`^${HINT.source}`));
      expect(run.stdout)
        .to.match(/\nUSAGE\n/)
        .and.match(/\nCOMMANDS\n/)
        .and.match(/ init /);
      expect(run.stdout.indexOf('specgate init')).to.be.below(run.stdout.indexOf('USAGE'));
    });

    it('in a repository with a configuration, or outside one, prints the help only', async () => {
      const { dir } = await fixtureRepo('demo');
      for (const cwd of [path.join(dir, 'tests'), scratchDir()]) {
        const run = await runCli([], { cwd });
        expect(run.status, run.stderr).to.equal(0);
        expect(run.stdout).to.match(/\nUSAGE\n/);
        expect(run.stdout).not.to.match(HINT);
      }
    });

    it('does not print the hint for other commands or for --help', async () => {
      const { dir } = await fixtureRepo('dependencies');
      const help = await runCli(['--help'], { cwd: dir });
      expect(help.status).to.equal(0);
      expect(help.stdout).not.to.match(HINT);
      const version = await runCli(['--version'], { cwd: dir });
      expect(version.stdout).not.to.match(HINT);
    });
  });
});
