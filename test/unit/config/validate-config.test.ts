import { expect } from 'chai';
import { validateConfig } from '../../../src/config/validate-config.js';

const lines = (raw: unknown): string[] => validateConfig(raw).problems.map((p) => `${p.path}: ${p.message}`);

describe('validateConfig', () => {
  it('gives the typed configuration, top-level defaults applied, when nothing is wrong', () => {
    const { config, problems } = validateConfig({
      jobs: { unit: { run: 'npm test', timeout: 30, env: { CI: true } } },
    });
    expect(problems).to.deep.equal([]);
    expect(config).to.deep.equal({
      'merge-mode': 'merge',
      'allow-circular-dependencies': false,
      jobs: { unit: { run: 'npm test', timeout: 30, env: { CI: true } } },
    });
  });

  it('takes cache.max-size as a size, and names the key when it is not one', () => {
    expect(validateConfig({ cache: { 'max-size': '2GB' } }).problems).to.deep.equal([]);
    expect(lines({ cache: { 'max-size': 'lots' } })).to.deep.equal([
      'cache.max-size: expected a size, as 2GB, 500MB or 1.5GiB, got "lots"',
    ]);
    expect(lines({ cache: { 'max-size': 2 } })).to.deep.equal([
      'cache.max-size: expected a size, as 2GB, 500MB or 1.5GiB, got 2',
    ]);
    expect(lines({ cache: { size: '2GB' } })).to.deep.equal([
      'cache.size: unknown key (known keys: max-size)',
    ]);
  });

  it('says what was expected and what was found, by key path', () => {
    expect(
      lines({
        target: '',
        'allow-circular-dependencies': 'yes',
        jobs: { unit: { run: '  ', attempts: 1.5, cwd: 3, files: 'src/**', env: { A: { nested: 1 } } } },
      }),
    ).to.deep.equal([
      'target: expected a branch name, got ""',
      'allow-circular-dependencies: expected true or false, got "yes"',
      'jobs.unit.run: expected a shell command, got "  "',
      'jobs.unit.attempts: expected a whole number of runs, at least 1, got 1.5',
      'jobs.unit.cwd: expected a directory relative to the state directory, got 3',
      'jobs.unit.files: expected a list of glob patterns, got "src/**"',
      'jobs.unit.env.A: expected a string, got a mapping',
    ]);
  });

  it('lists problems in the order of the file, unknown keys included', () => {
    expect(
      lines({ jobs: { b: { nope: 1, run: 'x', timeout: 0 }, a: { run: 5 } }, extra: true }),
    ).to.deep.equal([
      'jobs.b.nope: unknown key (known keys: run, env, timeout, voting, attempts, dependencies, cwd, parent, abstract, description, files, irrelevant-files, cache)',
      'jobs.b.timeout: expected a number of seconds, got 0',
      'jobs.a.run: expected a shell command, got 5',
      'extra: unknown key (known keys: target, merge-mode, allow-circular-dependencies, jobs, pipelines, prepare, cache)',
    ]);
  });

  it('looks inside a dependency written as a mapping', () => {
    expect(
      lines({
        jobs: {
          a: {
            run: 'x',
            dependencies: ['b', 7, { name: 'b', soft: 'yes' }, { name: 'b', hard: true }, { soft: true }],
          },
        },
      }),
    ).to.deep.equal([
      'jobs.a.dependencies[1]: expected a job name or { name, soft }, got 7',
      'jobs.a.dependencies[2].soft: expected true or false, got "yes"',
      'jobs.a.dependencies[3].hard: unknown key (known keys: name, soft)',
      'jobs.a.dependencies[4].name: expected a job name, got nothing',
    ]);
  });

  it('checks prepare steps and pipelines', () => {
    expect(
      lines({ prepare: [{ run: 'npm ci', key: [] }, 'npm ci'], pipelines: { check: 'unit', nightly: [] } }),
    ).to.deep.equal([
      'prepare[0].key: expected a list of files whose content keys the cache, got an empty list',
      'prepare[0].paths: expected a list of paths the step produces, got nothing',
      'prepare[1]: expected a step with run, key and paths, got "npm ci"',
      'pipelines.check: expected a list of job names, got "unit"',
      'pipelines.nightly: unknown pipeline (known: check, gate)',
    ]);
  });

  it('wants a command from every job that is neither abstract nor inheriting one, beside its other problems', () => {
    expect(
      lines({ jobs: { a: { timeout: 'soon' }, b: { parent: 'a' }, c: { abstract: true } } }),
    ).to.deep.equal([
      'jobs.a.timeout: expected a number of seconds, got "soon"',
      'jobs.a.run: missing: every job that is not abstract needs a command to run',
    ]);
  });

  it('names what each item of a list should be', () => {
    expect(
      lines({
        jobs: { a: { run: 'x', files: [1], 'irrelevant-files': ['ok', null], env: { A: null } } },
        pipelines: { gate: ['a', 2] },
        prepare: [{ run: 'npm ci', key: [true], paths: [[]] }],
      }),
    ).to.deep.equal([
      'jobs.a.files[0]: expected a glob pattern, got 1',
      'jobs.a.irrelevant-files[1]: expected a glob pattern, got null',
      'jobs.a.env.A: expected a string, got null',
      'pipelines.gate[1]: expected a job name, got 2',
      'prepare[0].key[0]: expected a file name, got true',
      'prepare[0].paths[0]: expected a path, got an empty list',
    ]);
  });

  it('wants a mapping at the top', () => {
    expect(lines(['jobs'])).to.deep.equal(['(root): expected a mapping of settings, got a list']);
    expect(lines({ jobs: null })).to.deep.equal(['jobs: expected a mapping of job names to jobs, got null']);
  });
});
