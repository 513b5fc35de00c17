import { expect } from 'chai';
import type { JobListing } from '../../src/core/types.js';
import { configFile, fixtureRepo } from '../helpers/fixture-repo.js';
import { snapshotRepository } from '../helpers/snapshot-repository.js';
import { runCli } from '../helpers/run-cli.js';

const ABSTRACT = { name: 'base', runs: false, reason: 'abstract: only inherited from, never run' };

describe('specgate jobs: file matchers and why each job runs or not', () => {
  let dir: string;
  let tips: Record<string, string>;
  before(async () => {
    ({ dir, tips } = await fixtureRepo('matchers'));
  });

  const listing = async (...args: string[]): Promise<JobListing> => {
    const run = await runCli(['jobs', ...args, '--json'], { cwd: dir });
    expect(run.status, run.stderr).to.equal(0);
    return JSON.parse(run.stdout) as JobListing;
  };

  it('names, per change, its files and which matcher, pattern and file decided each job (--json)', async () => {
    const before = snapshotRepository(dir);
    const result = await listing('docs-only', 'src-change', 'config-change', 'already-merged');
    expect(result.mode).to.equal('check');
    expect(result.target).to.deep.equal({ ref: 'main', sha: tips.main });
    expect(result.changes.map((change) => [change.id, change.sha, change.files])).to.deep.equal([
      ['docs-only', tips['docs-only'], ['README.md', 'docs/guide.md']],
      ['src-change', tips['src-change'], ['src/app.ts']],
      ['config-change', tips['config-change'], ['.specgaterc.yml']],
      ['already-merged', tips.main, []],
    ]);
    const [docsOnly, srcChange, configChange, merged] = result.changes.map((change) => change.jobs);
    expect(docsOnly).to.deep.equal([
      ABSTRACT,
      { name: 'build', runs: false, reason: 'no changed file matches files (src/**)' },
      { name: 'unit', runs: false, reason: 'depends on build, which is skipped' },
      { name: 'lint', runs: false, reason: 'every changed file matches irrelevant-files (**/*.md)' },
      {
        name: 'spell',
        runs: true,
        reason:
          'README.md matches files pattern **/*.md, and README.md does not match irrelevant-files (CHANGELOG.md)',
      },
      // Its dependency on build is soft: dropped, not a reason to skip.
      { name: 'package', runs: true, reason: 'in the check pipeline' },
    ]);
    expect(srcChange).to.deep.equal([
      ABSTRACT,
      { name: 'build', runs: true, reason: 'src/app.ts matches files pattern src/**' },
      { name: 'unit', runs: true, reason: 'src/app.ts matches files pattern src/**' },
      { name: 'lint', runs: true, reason: 'src/app.ts does not match irrelevant-files (**/*.md)' },
      { name: 'spell', runs: false, reason: 'no changed file matches files (**/*.md)' },
      { name: 'package', runs: true, reason: 'in the check pipeline' },
    ]);
    expect(configChange).to.deep.equal([
      ABSTRACT,
      { name: 'build', runs: true, reason: 'needed by unit, whose configuration changed in this change' },
      { name: 'unit', runs: true, reason: 'its configuration changed in this change' },
      { name: 'lint', runs: true, reason: '.specgaterc.yml does not match irrelevant-files (**/*.md)' },
      { name: 'spell', runs: false, reason: 'no changed file matches files (**/*.md)' },
      { name: 'package', runs: true, reason: 'in the check pipeline' },
    ]);
    const noFiles = 'the change touches no file, so file matchers do not apply';
    expect(merged.map((job) => [job.name, job.runs, job.reason])).to.deep.equal([
      ['base', false, ABSTRACT.reason],
      ['build', true, noFiles],
      ['unit', true, noFiles],
      ['lint', true, noFiles],
      ['spell', true, noFiles],
      ['package', true, 'in the check pipeline'],
    ]);
    expect(snapshotRepository(dir)).to.deep.equal(before);
  });

  it('says which jobs the pipeline or --jobs leaves out', async () => {
    const result = await listing('src-change', '--mode', 'gate', '--jobs', 'build,lint');
    expect(result.changes[0].jobs).to.deep.equal([
      ABSTRACT,
      { name: 'build', runs: true, reason: 'src/app.ts matches files pattern src/**' },
      { name: 'unit', runs: false, reason: 'not chosen by --jobs' },
      { name: 'lint', runs: true, reason: 'src/app.ts does not match irrelevant-files (**/*.md)' },
      { name: 'spell', runs: false, reason: 'not in the gate pipeline' },
      { name: 'package', runs: false, reason: 'not in the gate pipeline' },
    ]);
  });

  it('cannot see configuration changes in a config file outside the repository: matchers decide', async () => {
    const config = configFile('jobs:\n  unit: { run: "true", files: ["src/**"] }\n');
    const result = await listing('config-change', '--config', config);
    expect(result.changes[0].jobs).to.deep.equal([
      { name: 'unit', runs: false, reason: 'no changed file matches files (src/**)' },
    ]);
  });

  it('prints the files and one line per job with runs or skipped and the reason', async () => {
    const run = await runCli(['jobs', 'docs-only', 'already-merged'], { cwd: dir });
    expect(run.status, run.stderr).to.equal(0);
    const lines = run.stdout.split('\n');
    expect(lines).to.include.members([
      `docs-only (${tips['docs-only'].slice(0, 12)}) in the check pipeline onto main:`,
      '  changes 2 files: README.md, docs/guide.md',
      '  base     skipped  abstract: only inherited from, never run',
      '  build    skipped  no changed file matches files (src/**)',
      '  unit     skipped  depends on build, which is skipped',
      '  lint     skipped  every changed file matches irrelevant-files (**/*.md)',
      '  spell    runs     README.md matches files pattern **/*.md, and README.md does not match irrelevant-files (CHANGELOG.md)',
      '  package  runs     in the check pipeline',
      '  changes no file',
      '  build    runs     the change touches no file, so file matchers do not apply',
    ]);
  });

  it('rejects an unknown --jobs name with exit status 2, as check and gate do', async () => {
    const run = await runCli(['jobs', 'src-change', '--jobs', 'nope'], { cwd: dir });
    expect(run.status).to.equal(2);
    expect(run.stderr).to.match(/--jobs: unknown job 'nope' \(jobs: build, unit, lint, spell, package\)/);
  });
});
