import { expect } from 'chai';
import { parseConfig } from '../../../src/config/parse-config.js';

describe('parseConfig (validate → normalise → rules)', () => {
  it('gives the normalised configuration, no warning and no error for a good file', () => {
    const { config, warnings, errors } = parseConfig({
      raw: { 'merge-mode': 'cherry-pick', jobs: { a: { run: 'x', dependencies: ['b'] }, b: { run: 'y' } } },
      filepath: '/repo/.specgaterc.yml',
    });
    expect(errors).to.deep.equal([]);
    expect(warnings).to.deep.equal([]);
    expect(config).to.deep.include({
      filepath: '/repo/.specgaterc.yml',
      mergeMode: 'cherry-pick',
      allowCircularDependencies: false,
    });
    expect(config!.pipelines).to.deep.equal({ check: ['a', 'b'], gate: ['a', 'b'] });
    expect(config!.jobs.map((job) => [job.name, job.dependencies])).to.deep.equal([
      ['a', [{ name: 'b', soft: false }]],
      ['b', []],
    ]);
  });

  it('stops at the schema: a file with wrong types gets no rule checked and no configuration', () => {
    const result = parseConfig({ raw: { jobs: { a: { run: 'x', dependencies: ['ghost'], voting: 'no' } } } });
    expect(result.config).to.equal(undefined);
    expect(result.errors).to.deep.equal([
      { path: 'jobs.a.voting', message: 'expected true or false, got "no"' },
    ]);
  });

  it('reports inheritance, then the rules of the whole file, with no configuration', () => {
    const result = parseConfig({
      raw: {
        jobs: {
          base: { abstract: true, run: 'make' },
          a: { parent: 'nobody' },
          b: { run: 'x', dependencies: ['base'] },
        },
        pipelines: { check: ['b', 'base'] },
      },
    });
    expect(result.config).to.equal(undefined);
    expect(result.errors).to.deep.equal([
      { path: 'jobs.a.parent', message: "unknown job 'nobody'" },
      { path: 'jobs.a.run', message: 'missing: every job that is not abstract needs a command to run' },
      { path: 'jobs.b.dependencies[0]', message: "'base' is abstract and never runs" },
      { path: 'pipelines.check[1]', message: "'base' is abstract and never runs" },
    ]);
  });

  it('keeps an inherited command and merges env over the parent', () => {
    const { config } = parseConfig({
      raw: {
        jobs: {
          p: { run: 'make', env: { A: 1, B: 'x' }, voting: false },
          c: { parent: 'p', env: { B: 'y' } },
        },
      },
    });
    expect(config!.jobs.find((job) => job.name === 'c')).to.deep.include({
      run: 'make',
      voting: false,
      env: { A: '1', B: 'y' },
    });
  });
});
