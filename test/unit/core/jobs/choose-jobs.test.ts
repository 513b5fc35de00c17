import { expect } from 'chai';
import fc from 'fast-check';
import type { JobDefinition } from '../../../../src/core/types.js';
import { UserError } from '../../../../src/errors/specgate-error.js';
import { chooseJobs as choose } from '../../../../src/core/jobs/choose-jobs.js';
import { compileGlob } from '../../../../src/jobs/compile-glob.js';
import { hard, job, soft } from '../../jobs/job-fixtures.js';

/** `chooseJobs` with specgate's own glob compiler (picomatch): these tests pin its pattern semantics too. */
const chooseJobs = (args: Omit<Parameters<typeof choose>[0], 'compileGlob'>) =>
  choose({ ...args, compileGlob });

/** name → reason for every job that has one, and the names that run, in order. */
function summary(chosen: ReturnType<typeof chooseJobs>) {
  return { run: chosen.run.map((j) => j.name), reasons: Object.fromEntries(chosen.reasons) };
}

const unit = job('unit', 'npm test', { files: ['src/**', 'test/**'] });
const docs = job('docs', 'make docs', { irrelevantFiles: ['**/*.md'] });

describe('chooseJobs', () => {
  describe('files', () => {
    it('runs the job when a changed file matches, naming the first such file and its first matching pattern', () => {
      const chosen = chooseJobs({ jobs: [unit], changedFiles: ['README.md', 'test/a.test.ts', 'src/a.ts'] });
      expect(summary(chosen)).to.deep.equal({
        run: ['unit'],
        reasons: { unit: 'test/a.test.ts matches files pattern test/**' },
      });
      expect(chosen.skipped).to.deep.equal([]);
    });

    it('reports the first pattern, in the order written, that matches the first matching file', () => {
      const both = job('both', 'true', { files: ['**/*.ts', 'src/**'] });
      expect(summary(chooseJobs({ jobs: [both], changedFiles: ['src/a.ts'] })).reasons).to.deep.equal({
        both: 'src/a.ts matches files pattern **/*.ts',
      });
    });

    it('skips the job when no changed file matches, listing the patterns', () => {
      const chosen = chooseJobs({ jobs: [unit], changedFiles: ['README.md', 'docs/guide.md'] });
      expect(summary(chosen)).to.deep.equal({
        run: [],
        reasons: { unit: 'no changed file matches files (src/**, test/**)' },
      });
    });

    it('matches the whole repo-relative path: a pattern without a slash matches top-level files only', () => {
      const top = job('top', 'true', { files: ['*.md'] });
      expect(chooseJobs({ jobs: [top], changedFiles: ['docs/guide.md'] }).run).to.deep.equal([]);
      expect(chooseJobs({ jobs: [top], changedFiles: ['README.md'] }).run.map((j) => j.name)).to.deep.equal([
        'top',
      ]);
    });

    it('matches dotfiles and files in dot-directories', () => {
      const ci = job('ci', 'true', { files: ['**/*.yml'] });
      expect(
        chooseJobs({ jobs: [ci], changedFiles: ['.github/workflows/ci.yml'] }).reasons.get('ci'),
      ).to.equal('.github/workflows/ci.yml matches files pattern **/*.yml');
    });
  });

  describe('irrelevant-files', () => {
    it('skips the job when every changed file is irrelevant', () => {
      const chosen = chooseJobs({ jobs: [docs], changedFiles: ['README.md', 'docs/guide.md'] });
      expect(summary(chosen)).to.deep.equal({
        run: [],
        reasons: { docs: 'every changed file matches irrelevant-files (**/*.md)' },
      });
    });

    it('runs the job when some changed file is relevant, naming the first one', () => {
      const chosen = chooseJobs({ jobs: [docs], changedFiles: ['README.md', 'src/a.ts', 'src/b.ts'] });
      expect(summary(chosen)).to.deep.equal({
        run: ['docs'],
        reasons: { docs: 'src/a.ts does not match irrelevant-files (**/*.md)' },
      });
    });
  });

  describe('files and irrelevant-files together (Zuul: both tests, each over all the changed files)', () => {
    const both = job('both', 'true', { files: ['a/**'], irrelevantFiles: ['**/*.py'] });

    it("runs when a file matches files and another is relevant, even if no single file is both (Zuul's quirk)", () => {
      expect(summary(chooseJobs({ jobs: [both], changedFiles: ['a/x.py', 'b/y.c'] })).reasons).to.deep.equal({
        both: 'a/x.py matches files pattern a/**, and b/y.c does not match irrelevant-files (**/*.py)',
      });
    });

    it('is skipped by files first, then by irrelevant-files', () => {
      expect(summary(chooseJobs({ jobs: [both], changedFiles: ['b/y.c'] })).reasons).to.deep.equal({
        both: 'no changed file matches files (a/**)',
      });
      expect(summary(chooseJobs({ jobs: [both], changedFiles: ['a/x.py', 'b/z.py'] })).reasons).to.deep.equal(
        {
          both: 'every changed file matches irrelevant-files (**/*.py)',
        },
      );
    });
  });

  it('gives no reason for a job with no matchers, or with empty pattern lists (a cleared inherited matcher)', () => {
    const plain = job('plain', 'true');
    const cleared = job('cleared', 'true', { files: [], irrelevantFiles: [] });
    const chosen = chooseJobs({ jobs: [plain, cleared], changedFiles: ['anything'] });
    expect(summary(chosen)).to.deep.equal({ run: ['plain', 'cleared'], reasons: {} });
  });

  it('skips nothing for a change with no changed files (Zuul ignores file matchers for refs without files)', () => {
    const chosen = chooseJobs({ jobs: [unit, docs, job('plain', 'true')], changedFiles: [] });
    expect(summary(chosen)).to.deep.equal({
      run: ['unit', 'docs', 'plain'],
      reasons: {
        unit: 'the change touches no file, so file matchers do not apply',
        docs: 'the change touches no file, so file matchers do not apply',
      },
    });
  });

  describe('configuration changes (match-on-config-updates)', () => {
    it('runs a job whose configuration changed, whatever its matchers say', () => {
      const chosen = chooseJobs({
        jobs: [unit, docs],
        changedFiles: ['.specgaterc.yml'],
        configChangedJobs: new Set(['unit']),
      });
      expect(summary(chosen)).to.deep.equal({
        run: ['unit', 'docs'],
        reasons: {
          unit: 'its configuration changed in this change',
          docs: '.specgaterc.yml does not match irrelevant-files (**/*.md)',
        },
      });
    });

    it('gives that reason also to a job with no matchers, and to every job when the file cannot be compared', () => {
      const chosen = chooseJobs({
        jobs: [unit, job('plain', 'true')],
        changedFiles: ['specgate.config.js'],
        configChangedJobs: 'all',
      });
      expect(summary(chosen)).to.deep.equal({
        run: ['unit', 'plain'],
        reasons: {
          unit: 'the configuration file changed in this change',
          plain: 'the configuration file changed in this change',
        },
      });
    });

    it('runs the hard dependencies of a job whose configuration changed, transitively, but not its soft ones', () => {
      const jobs = [
        job('build', 'true', { files: ['src/**'] }),
        job('lint', 'true', { files: ['src/**'] }),
        job('package', 'true', { files: ['src/**'], dependencies: hard('build') }),
        job('deploy', 'true', { files: ['src/**'], dependencies: [...hard('package'), ...soft('lint')] }),
      ];
      const chosen = chooseJobs({
        jobs,
        changedFiles: ['.specgaterc.yml'],
        configChangedJobs: new Set(['deploy']),
      });
      expect(summary(chosen)).to.deep.equal({
        run: ['build', 'package', 'deploy'],
        reasons: {
          build: 'needed by deploy, whose configuration changed in this change',
          lint: 'no changed file matches files (src/**)',
          package: 'needed by deploy, whose configuration changed in this change',
          deploy: 'its configuration changed in this change',
        },
      });
      expect(chosen.run.find((j) => j.name === 'deploy')!.dependencies).to.deep.equal(hard('package'));
    });
  });

  describe('dependencies', () => {
    const build = job('build', 'make', { files: ['src/**'] });

    it('skips a job whose hard dependency is skipped, transitively, naming the dependency', () => {
      const test = job('test', 'make test', { dependencies: hard('build') });
      const publish = job('publish', 'make publish', { dependencies: hard('test'), voting: false });
      const chosen = chooseJobs({ jobs: [build, test, publish], changedFiles: ['README.md'] });
      expect(summary(chosen)).to.deep.equal({
        run: [],
        reasons: {
          build: 'no changed file matches files (src/**)',
          test: 'depends on build, which is skipped',
          publish: 'depends on test, which is skipped',
        },
      });
      expect(chosen.skipped).to.deep.equal([
        {
          name: 'build',
          result: 'SKIPPED',
          voting: true,
          attempts: 0,
          cached: false,
          durationMs: 0,
          message: 'no changed file matches files (src/**)',
        },
        {
          name: 'test',
          result: 'SKIPPED',
          voting: true,
          attempts: 0,
          cached: false,
          durationMs: 0,
          message: 'depends on build, which is skipped',
        },
        {
          name: 'publish',
          result: 'SKIPPED',
          voting: false,
          attempts: 0,
          cached: false,
          durationMs: 0,
          message: 'depends on test, which is skipped',
        },
      ]);
    });

    it("skips for a skipped hard dependency even when the job's own matchers match", () => {
      const test = job('test', 'make test', { files: ['**/*.md'], dependencies: hard('build') });
      expect(summary(chooseJobs({ jobs: [test, build], changedFiles: ['README.md'] })).reasons.test).to.equal(
        'depends on build, which is skipped',
      );
    });

    it('drops a soft dependency on a skipped job and decides the job on its own', () => {
      const test = job('test', 'make test', { dependencies: [...soft('build'), ...hard('setup')] });
      const setup = job('setup', 'true');
      const chosen = chooseJobs({ jobs: [build, setup, test], changedFiles: ['README.md'] });
      expect(summary(chosen)).to.deep.equal({
        run: ['setup', 'test'],
        reasons: { build: 'no changed file matches files (src/**)' },
      });
      expect(chosen.run[1].dependencies).to.deep.equal(hard('setup'));
    });

    it('keeps the jobs it runs unchanged when every dependency runs, and drops dependencies on unknown jobs', () => {
      const test = job('test', 'make test', { dependencies: [...hard('build'), ...hard('elsewhere')] });
      const chosen = chooseJobs({ jobs: [build, test], changedFiles: ['src/a.c'] });
      expect(chosen.run[0]).to.equal(build);
      expect(chosen.run[1].dependencies).to.deep.equal(hard('build'));
    });
  });

  it('reports an invalid pattern as a configuration error naming the job and the key', () => {
    const bad = job('bad', 'true', { irrelevantFiles: [''] });
    expect(() => chooseJobs({ jobs: [bad], changedFiles: ['a'] }))
      .to.throw(UserError, /^jobs\.bad\.irrelevant-files: invalid glob pattern '': /)
      .with.property('code', 'BAD_CONFIG');
  });

  it('runs or skips every job exactly once, and every job it runs depends only on jobs it runs (property)', () => {
    const names = ['a', 'b', 'c', 'd', 'e', 'f'];
    const patterns = ['src/**', '**/*.md', 'docs/**', '*.json', 'test/**'];
    const files = ['src/x.ts', 'README.md', 'docs/a.md', 'package.json', 'test/t.ts', 'other/z'];
    const arbitraryJobs = fc
      .tuple(
        ...names.map((_, i) =>
          fc.record({
            files: fc.option(fc.subarray(patterns), { nil: undefined }),
            irrelevantFiles: fc.option(fc.subarray(patterns), { nil: undefined }),
            // Dependencies only on earlier jobs: the graph is acyclic, as config validation guarantees.
            dependencies: fc
              .subarray(names.slice(0, i))
              .chain((deps) =>
                fc.tuple(...deps.map((name) => fc.record({ name: fc.constant(name), soft: fc.boolean() }))),
              ),
          }),
        ),
      )
      .map((specs): JobDefinition[] => specs.map((spec, i) => job(names[i], 'true', spec)));
    fc.assert(
      fc.property(
        arbitraryJobs,
        fc.subarray(files),
        fc.subarray(names),
        (jobs, changedFiles, changedConfigs) => {
          const chosen = chooseJobs({ jobs, changedFiles, configChangedJobs: new Set(changedConfigs) });
          const run = chosen.run.map((j) => j.name);
          const skipped = chosen.skipped.map((o) => o.name);
          expect([...run, ...skipped].sort()).to.deep.equal([...names]);
          for (const ran of chosen.run) for (const dep of ran.dependencies) expect(run).to.include(dep.name);
          for (const name of changedConfigs) expect(run).to.include(name);
          for (const outcome of chosen.skipped)
            expect(outcome.message).to.equal(chosen.reasons.get(outcome.name));
          // A change with no files skips nothing: no matcher skips, so no dependency is skipped either.
          if (changedFiles.length === 0) expect(skipped).to.deep.equal([]);
        },
      ),
    );
  });
});
