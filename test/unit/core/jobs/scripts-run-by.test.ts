import { expect } from 'chai';
import { scriptsRunBy } from '../../../../src/core/jobs/scripts-run-by.js';

const runBy = (scripts: Record<string, string>, name: string) => [...scriptsRunBy(scripts, name)].sort();

describe('scriptsRunBy', () => {
  it('follows npm run, run-script, npm test and its aliases, with flags anywhere, through every simple command', () => {
    const scripts = {
      test: 'npm run lint && mocha || npm run -s typecheck; (npm run-script build -- --watch) | cat',
      lint: 'eslint .',
      typecheck: 'tsc --noEmit',
      build: 'tsc',
      ci: 'CI=1 FORCE_COLOR=0 npm --silent t',
      other: 'node other.js',
    };
    expect(runBy(scripts, 'test')).to.deep.equal(['build', 'lint', 'typecheck']);
    expect(runBy(scripts, 'ci')).to.deep.equal(['build', 'lint', 'test', 'typecheck']);
    expect(runBy(scripts, 'lint')).to.deep.equal([]);
  });

  it("includes npm's pre and post scripts, and what they run", () => {
    const scripts = { pretest: 'npm run lint', test: 'mocha', posttest: 'echo done', lint: 'eslint .' };
    expect(runBy(scripts, 'test')).to.deep.equal(['lint', 'posttest', 'pretest']);
  });

  it('follows yarn and pnpm, with or without run, and npm-run-all with globs', () => {
    const scripts = {
      a: 'yarn lint && pnpm run build',
      b: 'run-s "lint:*" build',
      c: 'npm-run-all --parallel check:** test',
      lint: 'eslint .',
      'lint:js': 'eslint .',
      'lint:css': 'stylelint .',
      'check:x:y': 'true',
      build: 'tsc',
      test: 'mocha',
    };
    expect(runBy(scripts, 'a')).to.deep.equal(['build', 'lint']);
    expect(runBy(scripts, 'b')).to.deep.equal(['build', 'lint:css', 'lint:js']);
    expect(runBy(scripts, 'c')).to.deep.equal(['check:x:y', 'test']);
  });

  it('ignores names that are no script, npm commands that run none, and other tools', () => {
    const scripts = {
      test: 'npm run nope && npm install && npx lint && yarn add lint && echo npm run lint',
      lint: 'x',
    };
    // `yarn add lint` names a package, not the script; `echo npm run lint` is echo's argument.
    expect(runBy(scripts, 'test')).to.deep.equal([]);
  });

  it('ends on a cycle, which then includes the script itself', () => {
    const scripts = { a: 'npm run b', b: 'npm run a' };
    expect(runBy(scripts, 'a')).to.deep.equal(['a', 'b']);
  });
});
