import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import type { PipelineResult } from '../../src/core/types.js';
import { fixtureRepo, scratchDir } from '../helpers/fixture-repo.js';
import { git } from '../helpers/git.js';
import { jobsNotRun } from '../helpers/jobs-not-run.js';
import { runCli } from '../helpers/run-cli.js';
import { snapshotRepository } from '../helpers/snapshot-repository.js';

const QUEUE = ['add-farewell', 'shout-greeting', 'reword-usage', 'shout-docs', 'farewell-polite'];

describe('specgate gate (demo queue)', function () {
  let dir: string;
  let tips: Record<string, string>;
  let json: PipelineResult;
  let status: number | null;

  before(async function () {
    ({ dir, tips } = await fixtureRepo('demo'));
    const run = await runCli(['gate', ...QUEUE, '--json'], { cwd: dir });
    status = run.status;
    json = JSON.parse(run.stdout) as PipelineResult;
  });

  it('judges every change as serial merging would, with the state each was decided on', () => {
    const rows = json.changes.map((change) => [change.id, change.result, change.includes.join(' ')]);
    expect(rows).to.deep.equal([
      ['add-farewell', 'SUCCESS', 'add-farewell'],
      ['shout-greeting', 'FAILURE', 'add-farewell shout-greeting'],
      ['reword-usage', 'MERGE_CONFLICT', 'add-farewell reword-usage'],
      ['shout-docs', 'DEPENDENCY_FAILED', ''],
      ['farewell-polite', 'SUCCESS', 'add-farewell farewell-polite'],
    ]);
    expect(json.verdict).to.equal('FAILURE');
    expect(status).to.equal(1);
  });

  it('explains each rejection', () => {
    const message = (id: string) => json.changes.find((change) => change.id === id)!.message;
    expect(message('shout-greeting')).to.equal('job test (FAILURE) did not succeed');
    expect(message('reword-usage')).to.equal(
      'does not merge onto main + add-farewell: conflict in README.md (content)',
    );
    expect(message('shout-docs')).to.equal('depends on shout-greeting, which was rejected (FAILURE)');
  });

  it('reports dependencies from footers and from stacking, and the resolved shas', () => {
    const change = (id: string) => json.changes.find((c) => c.id === id)!;
    expect(change('shout-docs').dependsOn).to.deep.equal(['shout-greeting']);
    expect(change('farewell-polite').dependsOn).to.deep.equal(['add-farewell']);
    expect(change('add-farewell').sha).to.equal(tips['add-farewell']);
    expect(json.target).to.deep.equal({ ref: 'main', sha: tips.main });
  });

  it('records every job execution in builds: the deciding ones, and the ones a gate reset cancelled', () => {
    const key = (b: { change: string; job: string; includes: string[] }) =>
      `${b.change}/${b.job}@${b.includes.join('+')}`;
    const deciding = json.changes.flatMap((c) =>
      c.jobs.map((j) => `${key({ change: c.id, job: j.name, includes: c.includes })}:${j.result}`),
    );
    expect(deciding).to.deep.equal([
      'add-farewell/lint@add-farewell:SUCCESS',
      'add-farewell/test@add-farewell:SUCCESS',
      'shout-greeting/lint@add-farewell+shout-greeting:SUCCESS',
      'shout-greeting/test@add-farewell+shout-greeting:FAILURE',
      'farewell-polite/lint@add-farewell+farewell-polite:SUCCESS',
      'farewell-polite/test@add-farewell+farewell-polite:SUCCESS',
    ]);
    const history = json.builds.map((b) => `${key(b)}:${b.result}`);
    for (const build of deciding) expect(history).to.include(build);
    // Anything else ran speculatively on a state holding the change that was rejected, and was thrown away.
    for (const build of json.builds.filter((b) => !deciding.includes(`${key(b)}:${b.result}`))) {
      expect(build.includes, key(build)).to.include('shout-greeting');
      expect(build.change).to.be.oneOf(['shout-docs', 'farewell-polite', 'reword-usage']);
    }
  });

  it('gives the same verdict with the batch strategy', async () => {
    // A fresh repository built from the same fixture: no result cache and no remembered merges, so every
    // job runs and every merge is done again under the batch strategy.
    const fresh = await fixtureRepo('demo');
    expect(fresh.tips).to.deep.equal(tips);
    expect(() => git(fresh.dir, 'rev-parse', '--verify', '-q', 'refs/notes/specgate')).to.throw();
    const run = await runCli(['gate', ...QUEUE, '--strategy', 'batch', '--json'], { cwd: fresh.dir });
    const batch = JSON.parse(run.stdout) as PipelineResult;
    const essence = (r: PipelineResult) =>
      r.changes.map((c) => [c.id, c.result, c.includes.join(' '), c.speculativeSha ?? '']);
    expect(essence(batch)).to.deep.equal(essence(json));
    expect(run.status).to.equal(1);
    expect(batch.changes.flatMap((c) => c.jobs)).to.have.length(6);
    expect(jobsNotRun(batch)).to.deep.equal([]);
  });

  it('builds each speculative state as the tree git merge-tree gives, in a deterministic commit', () => {
    // The oracle: native git merges the same changes in the same order.
    let tree = git(dir, 'rev-parse', 'main^{tree}').trim();
    let commit = tips.main;
    for (const id of ['add-farewell', 'farewell-polite']) {
      tree = git(dir, 'merge-tree', '--write-tree', commit, id).trim();
      commit = git(dir, 'commit-tree', tree, '-p', commit, '-p', id, '-m', 'oracle').trim();
    }
    const top = json.changes.find((c) => c.id === 'farewell-polite')!;
    expect(git(dir, 'rev-parse', `${top.speculativeSha}^{tree}`).trim()).to.equal(tree);
    expect(git(dir, 'rev-parse', `${top.speculativeSha}^@`).trim().split('\n')).to.have.length(2);
  });

  it('gives the same speculative commit ids on a second run', async () => {
    // The second run is in a fresh repository built from the same fixture: it has neither the merge memo
    // (.git/specgate/cache/merges) nor the first run's commits, so every id is computed again.
    const fresh = await fixtureRepo('demo');
    expect(fresh.tips).to.deep.equal(tips);
    const memo = path.join(fresh.dir, '.git', 'specgate', 'cache', 'merges');
    expect(fs.existsSync(memo)).to.equal(false);
    for (const c of json.changes.filter((c) => c.speculativeSha)) {
      expect(() => git(fresh.dir, 'cat-file', '-e', c.speculativeSha!), c.id).to.throw();
    }
    const again = JSON.parse(
      (await runCli(['gate', ...QUEUE, '--json'], { cwd: fresh.dir })).stdout,
    ) as PipelineResult;
    expect(again.changes.map((c) => c.speculativeSha)).to.deep.equal(
      json.changes.map((c) => c.speculativeSha),
    );
    expect(json.changes.filter((c) => c.speculativeSha)).to.have.length(3);
    // And in the same repository with --no-cache, which neither reads nor writes the memo.
    const uncached = await runCli(['gate', ...QUEUE, '--json', '--no-cache'], { cwd: dir });
    const recomputed = JSON.parse(uncached.stdout) as PipelineResult;
    expect(recomputed.changes.map((c) => c.speculativeSha)).to.deep.equal(
      json.changes.map((c) => c.speculativeSha),
    );
    expect(jobsNotRun(recomputed)).to.deep.equal([]);
  });

  it('plans the states without running jobs, as if every change passed', async () => {
    const run = await runCli(['plan', ...QUEUE, '--json'], { cwd: dir });
    expect(run.status).to.equal(1);
    const planned = JSON.parse(run.stdout) as PipelineResult;
    expect(planned.changes.map((c) => [c.id, c.result, c.includes.length])).to.deep.equal([
      ['add-farewell', 'SUCCESS', 1],
      ['shout-greeting', 'SUCCESS', 2],
      ['reword-usage', 'MERGE_CONFLICT', 3],
      ['shout-docs', 'SUCCESS', 3],
      ['farewell-polite', 'SUCCESS', 4],
    ]);
    expect(planned.builds).to.deep.equal([]);
    // The first state does not depend on jobs, so plan and gate agree on it.
    expect(planned.changes[0].speculativeSha).to.equal(json.changes[0].speculativeSha);
  });

  it('keeps the log of every job after the run, and the summary says where failed ones are', async () => {
    const failed = json.changes.find((c) => c.id === 'shout-greeting')!.jobs.find((j) => j.name === 'test')!;
    expect(failed.log).to.be.a('string');
    expect(failed.log!.startsWith(path.join(dir, '.git', 'specgate', 'logs'))).to.equal(true);
    expect(fs.readFileSync(failed.log!, 'utf8')).to.contain('FAIL tests/greet.test.sh');

    const plain = await runCli(['gate', ...QUEUE], { cwd: dir });
    expect(plain.status).to.equal(1);
    expect(plain.stdout).to.match(/shout-greeting\s+FAILURE/);
    expect(plain.stdout).to.match(/reword-usage\s+MERGE_CONFLICT/);
    const logLine = plain.stdout
      .split('\n')
      .find((line) => line.includes('shout-greeting') && line.includes('test.log'));
    expect(logLine, plain.stdout).to.be.a('string');
    expect(fs.existsSync(/(\/\S+\.log)/.exec(logLine!)![1])).to.equal(true);
  });

  it('prints plain lines without ANSI codes or spinners off a terminal, and only JSON with --json', async () => {
    const plain = await runCli(['gate', 'add-farewell'], { cwd: dir, env: { FORCE_COLOR: undefined } });
    expect(plain.stdout + plain.stderr).not.to.match(/\u001b\[/);
    expect(plain.stderr).to.contain('[add-farewell]');
    const quiet = await runCli(['gate', 'add-farewell', '--json'], { cwd: dir });
    expect(() => JSON.parse(quiet.stdout)).not.to.throw();
    expect(quiet.stdout.trim().startsWith('{')).to.equal(true);
    expect(quiet.status).to.equal(0);
  });

  it('colours the summary when FORCE_COLOR asks, and never when NO_COLOR is set', async () => {
    const forced = await runCli(['gate', 'add-farewell'], { cwd: dir, env: { FORCE_COLOR: '1' } });
    expect(forced.stdout).to.match(/\u001b\[/);
    const off = await runCli(['gate', 'add-farewell'], {
      cwd: dir,
      env: { FORCE_COLOR: undefined, NO_COLOR: '1' },
    });
    expect(off.stdout).not.to.match(/\u001b\[/);
  });
});

describe('the user repository is never changed', () => {
  it('leaves HEAD, refs, index, status, stash and a dirty working tree exactly as they were', async () => {
    const { dir } = await fixtureRepo('demo');
    // Make the repository as messy as a working developer's: a stash, a staged change, an unstaged edit,
    // an untracked file, and a checked-out branch other than the target.
    fs.appendFileSync(path.join(dir, 'greet.sh'), '# stashed\n');
    git(dir, 'stash');
    git(dir, 'checkout', '-q', 'add-farewell');
    fs.appendFileSync(path.join(dir, 'README.md'), 'staged line\n');
    git(dir, 'add', 'README.md');
    fs.appendFileSync(path.join(dir, 'farewell.sh'), '# unstaged\n');
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'untracked\n');
    const before = snapshotRepository(dir);

    for (const args of [
      ['gate', ...QUEUE],
      ['check', 'HEAD'],
      ['plan', ...QUEUE],
      ['jobs', ...QUEUE],
      ['gate', ...QUEUE, '--keep', '--work-dir', scratchDir()],
    ]) {
      const run = await runCli(args, { cwd: dir });
      expect(run.status, `${args.join(' ')}: ${run.stderr}`).to.be.oneOf([0, 1]);
      expect(snapshotRepository(dir), args.join(' ')).to.deep.equal(before);
    }
  });
});
