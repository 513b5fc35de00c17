import { expect } from 'chai';
import type { JobDefinition, PrepareStep } from '../../../src/core/types.js';
import { jobCacheKeys } from '../../../src/result-cache/job-cache-keys.js';
import { hard, job, soft } from '../jobs/job-fixtures.js';

const PREPARE: PrepareStep[] = [{ run: 'npm ci', key: ['package-lock.json'], paths: ['node_modules'] }];

/** A small graph: build ← unit ← report (soft on unit), and an unrelated lint. */
function graph(
  overrides: Partial<Record<'build' | 'unit' | 'report' | 'lint', Partial<JobDefinition>>> = {},
): JobDefinition[] {
  return [
    job('build', 'make', { env: { CC: 'gcc', MODE: 'release' }, ...overrides.build }),
    job('unit', 'make test', { dependencies: hard('build'), ...overrides.unit }),
    job('report', 'make report', { dependencies: soft('unit'), ...overrides.report }),
    job('lint', 'make lint', { ...overrides.lint }),
  ];
}

const keysOf = (jobs: JobDefinition[], prepare: PrepareStep[] = PREPARE) =>
  Object.fromEntries(jobCacheKeys({ jobs, prepare }));

describe('jobCacheKeys', () => {
  const base = keysOf(graph());

  it('gives every job a SHA-256 hex key, different jobs different keys', () => {
    expect(Object.keys(base).sort()).to.deep.equal(['build', 'lint', 'report', 'unit']);
    for (const key of Object.values(base)) expect(key).to.match(/^[0-9a-f]{64}$/);
    expect(new Set(Object.values(base)).size).to.equal(4);
  });

  it('gives the same keys for the same definitions', () => {
    expect(keysOf(graph())).to.deep.equal(base);
  });

  const changes: Array<
    [string, Partial<Record<'build' | 'unit' | 'report' | 'lint', Partial<JobDefinition>>>]
  > = [
    ['its command changes', { build: { run: 'make all' } }],
    ['an environment value changes', { build: { env: { CC: 'clang', MODE: 'release' } } }],
    ['an environment key is renamed', { build: { env: { CXX: 'gcc', MODE: 'release' } } }],
    ['an environment variable is added', { build: { env: { CC: 'gcc', MODE: 'release', V: '1' } } }],
    ['its timeout changes', { build: { timeout: 60 } }],
    ['its working directory changes', { build: { cwd: 'sub' } }],
    ['its attempts change', { build: { attempts: 3 } }],
  ];
  for (const [what, overrides] of changes) {
    it(`changes the key of a job when ${what}, and of every job depending on it transitively`, () => {
      const keys = keysOf(graph(overrides));
      expect(keys.build).to.not.equal(base.build);
      expect(keys.unit).to.not.equal(base.unit);
      expect(keys.report).to.not.equal(base.report);
      expect(keys.lint).to.equal(base.lint);
    });
  }

  it('changes only the dependents, not the dependencies, when a job in the middle changes', () => {
    const keys = keysOf(graph({ unit: { run: 'make check' } }));
    expect(keys.build).to.equal(base.build);
    expect(keys.unit).to.not.equal(base.unit);
    expect(keys.report).to.not.equal(base.report);
  });

  it("changes a job's key when a dependency turns soft or hard", () => {
    const keys = keysOf(
      graph({ unit: { dependencies: soft('build') }, report: { dependencies: hard('unit') } }),
    );
    expect(keys.build).to.equal(base.build);
    expect(keys.unit).to.not.equal(base.unit);
    expect(keys.report).to.not.equal(base.report);
  });

  it("changes a job's key when it gains a dependency", () => {
    const keys = keysOf(graph({ lint: { dependencies: soft('build') } }));
    expect(keys.lint).to.not.equal(base.lint);
  });

  it('changes every key when a prepare step changes or is added', () => {
    const changed = [
      [{ ...PREPARE[0], run: 'npm install' }],
      [{ ...PREPARE[0], key: ['package-lock.json', '.nvmrc'] }],
      [{ ...PREPARE[0], paths: ['node_modules', '.cache'] }],
      [...PREPARE, { run: 'pip install -r requirements.txt', key: ['requirements.txt'], paths: ['.venv'] }],
      [],
    ];
    for (const prepare of changed) {
      const keys = keysOf(graph(), prepare);
      for (const name of ['build', 'unit', 'report', 'lint'] as const)
        expect(keys[name], `${name} with ${JSON.stringify(prepare)}`).to.not.equal(base[name]);
    }
  });

  const unchanged: Array<
    [string, Partial<Record<'build' | 'unit' | 'report' | 'lint', Partial<JobDefinition>>>]
  > = [
    ['voting', { build: { voting: false } }],
    ['files', { build: { files: ['src/**'] } }],
    ['irrelevantFiles', { build: { irrelevantFiles: ['docs/**'] } }],
    ['the cache flag', { build: { cache: false } }],
    ['the order of environment keys', { build: { env: { MODE: 'release', CC: 'gcc' } } }],
  ];
  for (const [what, overrides] of unchanged) {
    it(`keeps every key when ${what} changes`, () => {
      expect(keysOf(graph(overrides))).to.deep.equal(base);
    });
  }

  it('does not depend on the order of the jobs in the list', () => {
    expect(keysOf([...graph()].reverse())).to.deep.equal(base);
    const [build, unit, report, lint] = graph();
    expect(keysOf([report, lint, build, unit])).to.deep.equal(base);
  });
});
