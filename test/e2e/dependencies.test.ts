import { expect } from 'chai';
import type { PipelineResult } from '../../src/core/types.js';
import fs from 'node:fs';
import path from 'node:path';
import { configFile, fixtureRepo, scratchDir } from '../helpers/fixture-repo.js';
import { git } from '../helpers/git.js';
import { runCli } from '../helpers/run-cli.js';

const rows = (result: PipelineResult) =>
  result.changes.map((change) => [
    change.id,
    change.result,
    change.includes.join(' '),
    change.dependsOn.join(' '),
  ]);

describe('dependencies between changes', () => {
  let dir: string;
  before(async () => {
    ({ dir } = await fixtureRepo('dependencies'));
  });

  const gate = async (...changes: string[]) => {
    const run = await runCli(['gate', ...changes, '--json'], { cwd: dir });
    expect(run.status, run.stderr).to.be.oneOf([0, 1]);
    return JSON.parse(run.stdout) as PipelineResult;
  };

  it('pulls an unqueued Depends-On dependency into the queue just ahead of its dependent', async () => {
    const result = await gate('stack-1', 'uses-library');
    expect(rows(result)).to.deep.equal([
      ['stack-1', 'SUCCESS', 'stack-1', ''],
      ['library', 'SUCCESS', 'stack-1 library', ''],
      ['uses-library', 'SUCCESS', 'stack-1 library uses-library', 'library'],
    ]);
    expect(result.changes[1].pulledIn).to.equal(true);
  });

  it('drops a dependency the target already contains', async () => {
    const result = await gate('uses-merged-fix');
    expect(rows(result)).to.deep.equal([['uses-merged-fix', 'SUCCESS', 'uses-merged-fix', '']]);
  });

  it('orders stacked branches bottom first whatever order they are queued in', async () => {
    const result = await gate('stack-3', 'stack-1', 'stack-2');
    expect(rows(result)).to.deep.equal([
      ['stack-1', 'SUCCESS', 'stack-1', ''],
      ['stack-2', 'SUCCESS', 'stack-1 stack-2', 'stack-1'],
      ['stack-3', 'SUCCESS', 'stack-1 stack-2 stack-3', 'stack-1 stack-2'],
    ]);
  });

  it('rejects the members of a dependency cycle and what depends on them, naming the cycle', async () => {
    const result = await gate('cycle-a', 'needs-cycle', 'stack-1');
    expect(rows(result)).to.deep.equal([
      ['cycle-b', 'DEPENDENCY_CYCLE', '', 'cycle-a'],
      ['cycle-a', 'DEPENDENCY_CYCLE', '', 'cycle-b'],
      ['needs-cycle', 'DEPENDENCY_FAILED', '', 'cycle-a'],
      ['stack-1', 'SUCCESS', 'stack-1', ''],
    ]);
    expect(result.changes[0].message).to.match(/^dependency cycle: /);
    expect(result.verdict).to.equal('FAILURE');
  });

  it('checks each queued change on the target plus its own dependencies only', async () => {
    const run = await runCli(['check', 'stack-2', 'stack-3', 'uses-library', '--json'], { cwd: dir });
    expect(run.status, run.stderr).to.equal(0);
    // stack-1 is not queued: stack-2 simply brings its commits; stack-2 is queued, so stack-3 depends on it.
    expect(rows(JSON.parse(run.stdout) as PipelineResult)).to.deep.equal([
      ['stack-2', 'SUCCESS', 'stack-2', ''],
      ['stack-3', 'SUCCESS', 'stack-2 stack-3', 'stack-2'],
      ['uses-library', 'SUCCESS', 'library uses-library', 'library'],
    ]);
  });

  it('checks HEAD when no change is named', async () => {
    const run = await runCli(['check', '--json'], { cwd: dir });
    expect(run.status, run.stderr).to.equal(0);
    const result = JSON.parse(run.stdout) as PipelineResult;
    expect(result.changes.map((c) => [c.id, c.result, c.message])).to.deep.equal([
      ['HEAD', 'SUCCESS', 'no job applies; nothing ran'],
    ]);
  });
});

describe('allow-circular-dependencies: cycles become bundles', () => {
  it('merges, tests and judges a cycle together, and its dependents after it', async () => {
    const { dir } = await fixtureRepo('dependencies');
    const config = configFile(
      'allow-circular-dependencies: true\njobs:\n  test:\n    run: test -e a.txt && test -e b.txt || test ! -e a.txt\n',
    );
    const run = await runCli(['gate', 'cycle-a', 'needs-cycle', '--json', '--config', config], { cwd: dir });
    expect(run.status, run.stderr).to.equal(0);
    const result = JSON.parse(run.stdout) as PipelineResult;
    expect(rows(result)).to.deep.equal([
      ['cycle-b', 'SUCCESS', 'cycle-b cycle-a', 'cycle-a'],
      ['cycle-a', 'SUCCESS', 'cycle-b cycle-a', 'cycle-b'],
      ['needs-cycle', 'SUCCESS', 'cycle-b cycle-a needs-cycle', 'cycle-a'],
    ]);
    expect(result.changes[0].message).to.match(/^in bundle\(cycle-b, cycle-a\): /);
    // One state for the bundle: both members are in it, tested once.
    expect(result.builds.filter((b) => b.includes.join(' ') === 'cycle-b cycle-a')).to.have.length(1);
  });

  it('rejects every member of a bundle when its jobs fail, and what depends on it', async () => {
    const { dir } = await fixtureRepo('dependencies');
    const config = configFile(
      'allow-circular-dependencies: true\njobs:\n  test:\n    run: test ! -e b.txt\n',
    );
    const run = await runCli(['gate', 'cycle-a', 'needs-cycle', 'stack-1', '--json', '--config', config], {
      cwd: dir,
    });
    expect(run.status).to.equal(1);
    expect(rows(JSON.parse(run.stdout) as PipelineResult).map((row) => row.slice(0, 2))).to.deep.equal([
      ['cycle-b', 'FAILURE'],
      ['cycle-a', 'FAILURE'],
      ['needs-cycle', 'DEPENDENCY_FAILED'],
      ['stack-1', 'SUCCESS'],
    ]);
  });

  describe('a Depends-On footer that is not one change', () => {
    let repo: string;
    const commit = (branch: string, message: string) => {
      git(repo, 'checkout', '-qb', branch, 'main');
      git(repo, 'commit', '-q', '--allow-empty', '-m', message);
      git(repo, 'checkout', '-q', 'main');
      return git(repo, 'rev-parse', branch).trim();
    };
    before(async () => {
      ({ dir: repo } = await fixtureRepo('dependencies'));
    });

    for (const [branch, value] of [
      ['two-values', 'library stack-1'],
      ['shell', '$(touch x)'],
      ['backquotes', '`touch x`'],
      ['url', 'https://review.example.com/c/project/+/1234'],
      ['empty', ''],
    ]) {
      it(`refuses 'Depends-On: ${value}' naming the commit and the value, exit 2, running nothing`, async () => {
        const sha = commit(branch, `Use the library (${branch})\n\nSome text.\n\nDepends-On: ${value}\n`);
        const cwd = scratchDir();
        for (const args of [
          ['gate', 'stack-1', branch],
          ['check', branch],
          ['plan', branch],
        ]) {
          const run = await runCli([...args, '-C', repo], { cwd });
          expect(run.status, run.stderr).to.equal(2);
          expect(run.stderr).to.equal(
            `specgate: error: 'Depends-On: ${value}' in commit ${sha.slice(0, 12)} ("Use the library (${branch})") of change ${branch} ${value === '' ? 'names no change' : 'is not one branch, tag or commit'}. Try this: write one Depends-On footer per dependency, each naming one branch, tag or commit id\n`,
          );
          expect(run.stdout).to.equal('');
        }
        // Nothing was run by a shell, anywhere.
        for (const place of [cwd, repo, process.cwd()])
          expect(fs.existsSync(path.join(place, 'x')), place).to.equal(false);
      });
    }

    it('names the commit, its subject and the value of a footer naming no revision: exit 2', async () => {
      const sha = commit('unknown-dep', 'Needs a branch that is not there\n\nDepends-On: no-such-branch\n');
      const run = await runCli(['gate', 'unknown-dep'], { cwd: repo });
      expect(run.status).to.equal(2);
      expect(run.stderr).to.match(
        new RegExp(
          `^specgate: error: unknown revision 'no-such-branch' in 'Depends-On: no-such-branch' of commit ${sha.slice(0, 12)} \\("Needs a branch that is not there"\\) \\(change unknown-dep\\)`,
        ),
      );
    });

    it('gives the code, the commit and the value with --json', async () => {
      const sha = git(repo, 'rev-parse', 'two-values').trim();
      const run = await runCli(['gate', 'two-values', '--json'], { cwd: repo });
      expect(run.status).to.equal(2);
      expect(JSON.parse(run.stdout).error).to.deep.include({
        code: 'BAD_DEPENDS_ON',
        data: { change: 'two-values', commit: sha, value: 'library stack-1' },
      });
    });

    it('takes one change from each of several footers', async () => {
      commit('two-footers', 'Use both\n\nDepends-On: library\ndepends-on: stack-1\n');
      const run = await runCli(['gate', 'two-footers', '--json'], { cwd: repo });
      expect(run.status, run.stderr).to.equal(0);
      expect(
        rows(JSON.parse(run.stdout) as PipelineResult).find(([id]) => id === 'two-footers'),
      ).to.deep.equal(['two-footers', 'SUCCESS', 'library stack-1 two-footers', 'library stack-1']);
    });
  });
});
