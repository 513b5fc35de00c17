import { expect } from 'chai';
import { suggestJobs } from '../../../../src/core/jobs/suggest-jobs.js';

describe('suggestJobs', () => {
  it('proposes lint, typecheck, build and test in that order, test depending on build, each running its npm script', () => {
    const scripts = {
      test: 'mocha',
      build: 'tsc',
      'type-check': 'tsc --noEmit',
      lint: 'eslint .',
      start: 'node .',
    };
    expect(suggestJobs({ scripts, lockFiles: [] })).to.deep.equal({
      jobs: {
        lint: { run: 'npm run lint' },
        typecheck: { run: 'npm run type-check' },
        build: { run: 'npm run build' },
        test: { run: 'npm run test', dependencies: ['build'] },
      },
      prepare: [],
      leftOut: [],
      withoutLockFile: false,
    });
    expect(Object.keys(suggestJobs({ scripts, lockFiles: [] }).jobs)).to.deep.equal([
      'lint',
      'typecheck',
      'build',
      'test',
    ]);
  });

  it("leaves out npm init's failing test script, empty scripts and values that are not strings", () => {
    const scripts = { test: 'echo "Error: no test specified" && exit 1', lint: '  ', build: 42 };
    expect(suggestJobs({ scripts, lockFiles: [] }).jobs).to.deep.equal({});
  });

  it('installs from the preferred lock file, keyed by it, producing node_modules', () => {
    expect(suggestJobs({ scripts: {}, lockFiles: ['yarn.lock', 'package-lock.json'] }).prepare).to.deep.equal(
      [{ run: 'npm ci', key: ['package-lock.json'], paths: ['node_modules'] }],
    );
    expect(suggestJobs({ scripts: {}, lockFiles: ['pnpm-lock.yaml'] }).prepare).to.deep.equal([
      { run: 'pnpm install --frozen-lockfile', key: ['pnpm-lock.yaml'], paths: ['node_modules'] },
    ]);
  });

  it('without package.json proposes nothing, not even from a lock file', () => {
    expect(suggestJobs({ lockFiles: ['package-lock.json'], hasDependencies: true })).to.deep.equal({
      jobs: {},
      prepare: [],
      leftOut: [],
      withoutLockFile: false,
    });
  });

  it('without a lock file installs the dependencies with npm install, keyed by package.json, and says so', () => {
    expect(suggestJobs({ scripts: {}, lockFiles: [], hasDependencies: true })).to.deep.include({
      prepare: [
        {
          run: 'npm install --no-package-lock --no-audit --no-fund',
          key: ['package.json'],
          paths: ['node_modules'],
        },
      ],
      withoutLockFile: true,
    });
    // Nothing to install: no step.
    expect(suggestJobs({ scripts: {}, lockFiles: [], hasDependencies: false })).to.deep.include({
      prepare: [],
      withoutLockFile: false,
    });
    // A lock file wins.
    expect(
      suggestJobs({ scripts: {}, lockFiles: ['package-lock.json'], hasDependencies: true }),
    ).to.deep.include({ withoutLockFile: false });
  });

  it('makes no job for a script another job already runs, so that each runs once, and says which', () => {
    const scripts = { lint: 'eslint .', test: 'npm run lint && mocha', build: 'tsc' };
    expect(suggestJobs({ scripts, lockFiles: [] })).to.deep.include({
      jobs: { build: { run: 'npm run build' }, test: { run: 'npm run test', dependencies: ['build'] } },
      leftOut: [{ job: 'lint', script: 'lint', runBy: 'test' }],
    });
    // The test job needs no build job when its script builds.
    const building = {
      'type-check': 'tsc --noEmit',
      build: 'tsc',
      test: 'npm run build && npm run type-check && mocha',
    };
    expect(suggestJobs({ scripts: building, lockFiles: [] })).to.deep.include({
      jobs: { test: { run: 'npm run test' } },
      leftOut: [
        { job: 'typecheck', script: 'type-check', runBy: 'test' },
        { job: 'build', script: 'build', runBy: 'test' },
      ],
    });
    // A chain names the job that stays.
    const chain = { lint: 'eslint .', build: 'npm run lint && tsc', test: 'npm run build && mocha' };
    expect(suggestJobs({ scripts: chain, lockFiles: [] })).to.deep.include({
      jobs: { test: { run: 'npm run test' } },
      leftOut: [
        { job: 'lint', script: 'lint', runBy: 'test' },
        { job: 'build', script: 'build', runBy: 'test' },
      ],
    });
    // Through a pre script, and through a script that is no job.
    const hooked = { lint: 'eslint .', pretest: 'npm run check', check: 'npm run lint', test: 'mocha' };
    expect(suggestJobs({ scripts: hooked, lockFiles: [] }).jobs).to.deep.equal({
      test: { run: 'npm run test' },
    });
    // Scripts that run each other both stay: neither is only a part of the other.
    const cycle = { lint: 'npm run test', test: 'npm run lint' };
    expect(Object.keys(suggestJobs({ scripts: cycle, lockFiles: [] }).jobs)).to.deep.equal(['lint', 'test']);
  });
});
