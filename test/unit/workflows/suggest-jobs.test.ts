import { expect } from 'chai';
import { suggestJobs } from '../../../src/core/suggest-jobs.js';

describe('suggestJobs', () => {
  it('maps the known scripts to jobs, test depending on build', () => {
    const suggested = suggestJobs({
      scripts: { lint: 'x', 'type-check': 'x', build: 'x', test: 'x', start: 'x' },
      lockFiles: [],
    });
    expect(suggested.jobs).to.deep.equal({
      lint: { run: 'npm run lint' },
      typecheck: { run: 'npm run type-check' },
      build: { run: 'npm run build' },
      test: { run: 'npm run test', dependencies: ['build'] },
    });
    expect(suggested.prepare).to.deep.equal([]);
  });

  it("leaves out npm init's placeholder test and empty scripts", () => {
    const suggested = suggestJobs({
      scripts: { test: 'echo "Error: no test specified" && exit 1', lint: '  ' },
      lockFiles: [],
    });
    expect(suggested.jobs).to.deep.equal({});
  });

  it('installs from the preferred lock file found, keyed by it', () => {
    expect(suggestJobs({ scripts: {}, lockFiles: ['yarn.lock', 'package-lock.json'] }).prepare).to.deep.equal(
      [{ run: 'npm ci', key: ['package-lock.json'], paths: ['node_modules'] }],
    );
    expect(suggestJobs({ scripts: {}, lockFiles: ['pnpm-lock.yaml'] }).prepare[0].run).to.equal(
      'pnpm install --frozen-lockfile',
    );
  });

  it('no package.json: nothing, even with a lock file', () => {
    expect(suggestJobs({ lockFiles: ['package-lock.json'] })).to.deep.equal({ jobs: {}, prepare: [] });
  });
});
