import { expect } from 'chai';
import { suggestJobs } from '../../../src/core/suggest-jobs.js';

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
    expect(suggestJobs({ lockFiles: ['package-lock.json'] })).to.deep.equal({ jobs: {}, prepare: [] });
  });
});
