import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { CachedResult, PipelineResult } from '../../src/core/types.js';
import { configFile, fixtureRepo, scratchDir } from '../helpers/fixture-repo.js';
import { git } from '../helpers/git.js';
import { runCli } from '../helpers/run-cli.js';
import { snapshotRepository } from '../helpers/snapshot-repository.js';
import { verdictEssence } from '../helpers/verdict-essence.js';

/** A job line for the configuration: it first appends `JOB CHANGE` to the counter file, then runs `rest`. */
const counted = (rest: string) => `echo "$SPECGATE_JOB $SPECGATE_CHANGE" >> "$COUNTER"; ${rest}`;

/** The demo's own jobs (lint, then test), each leaving a line in `counter` when it really runs. */
const demoJobs = (counter: string) =>
  configFile(`
jobs:
  lint:
    run: ${JSON.stringify(counted('for f in *.sh tests/*.sh; do sh -n "$f" || exit 1; done; echo "syntax ok"'))}
    env: { COUNTER: ${JSON.stringify(counter)} }
  test:
    run: ${JSON.stringify(counted('./tests/run.sh'))}
    dependencies: [lint]
    env: { COUNTER: ${JSON.stringify(counter)} }
`);

/** The lines the jobs wrote to the counter file: one per job process that really ran. */
const runs = (counter: string): string[] =>
  fs.existsSync(counter) ? fs.readFileSync(counter, 'utf8').split('\n').filter(Boolean) : [];

const parse = (stdout: string) => JSON.parse(stdout) as PipelineResult;

const essence = verdictEssence;

const treeOf = (dir: string, commit: string) => git(dir, 'rev-parse', `${commit}^{tree}`).trim();

/** `git notes --ref specgate list` as annotated object → note blob. */
const notes = (dir: string): Map<string, string> =>
  new Map(
    git(dir, 'notes', '--ref', 'specgate', 'list')
      .split('\n')
      .filter(Boolean)
      .map((line) => {
        const [note, object] = line.split(' ');
        return [object, note];
      }),
  );

/** The note on `tree`, one JSON object per line. */
const noteOn = (dir: string, tree: string) =>
  git(dir, 'notes', '--ref', 'specgate', 'show', tree)
    .split('\n')
    .filter(Boolean)
    .map(
      (line) =>
        JSON.parse(line) as {
          job: string;
          key: string;
          result: string;
          attempts: number;
          durationMs: number;
          at: string;
          logTail?: string;
        },
    );

/** Whether native git exits 0 in `dir` (for the commands that answer by their status alone). */
const gitSucceeds = (dir: string, ...args: string[]) =>
  spawnSync('git', args, { cwd: dir, stdio: 'ignore' }).status === 0;

const cachedList = async (dir: string, ...revisions: string[]) => {
  const run = await runCli(['cache', 'list', ...revisions, '--json'], { cwd: dir });
  expect(run.status, run.stderr).to.equal(0);
  return (JSON.parse(run.stdout) as { results: CachedResult[] }).results;
};

describe('the result cache', () => {
  describe('a second identical gate', () => {
    // The failing change is last, so no state sits behind it and the first run is deterministic: 3 states × 2 jobs.
    const QUEUE = ['add-farewell', 'farewell-polite', 'shout-greeting'];
    let dir: string;
    let counter: string;
    let config: string;
    let first: PipelineResult;
    let second: PipelineResult;
    let firstWorkDir: string;
    let secondWorkDir: string;
    let statuses: Array<number | null>;

    before(async () => {
      ({ dir } = await fixtureRepo('demo'));
      counter = path.join(scratchDir(), 'runs');
      config = demoJobs(counter);
      firstWorkDir = scratchDir('specgate-work-');
      secondWorkDir = scratchDir('specgate-work-');
      const one = await runCli(
        ['gate', ...QUEUE, '--json', '--config', config, '--keep', '--work-dir', firstWorkDir],
        { cwd: dir },
      );
      const two = await runCli(
        ['gate', ...QUEUE, '--json', '--config', config, '--keep', '--work-dir', secondWorkDir],
        { cwd: dir },
      );
      statuses = [one.status, two.status];
      first = parse(one.stdout);
      second = parse(two.stdout);
    });

    it('runs every job the first time, each once', () => {
      expect(runs(counter).sort()).to.deep.equal([
        'lint add-farewell',
        'lint farewell-polite',
        'lint shout-greeting',
        'test add-farewell',
        'test farewell-polite',
        'test shout-greeting',
      ]);
      expect(first.changes.flatMap((c) => c.jobs.map((j) => j.cached))).to.deep.equal([
        false,
        false,
        false,
        false,
        false,
        false,
      ]);
    });

    it('serves every job the second time: no process, same verdict, states and results', () => {
      expect(runs(counter)).to.have.length(6);
      expect(second.changes.flatMap((c) => c.jobs.map((j) => `${c.id}/${j.name}:${j.cached}`))).to.deep.equal(
        [
          'add-farewell/lint:true',
          'add-farewell/test:true',
          'farewell-polite/lint:true',
          'farewell-polite/test:true',
          'shout-greeting/lint:true',
          'shout-greeting/test:true',
        ],
      );
      expect(essence(second)).to.deep.equal(essence(first));
      expect(essence(second).map((c) => [c.id, c.result])).to.deep.equal([
        ['add-farewell', 'SUCCESS'],
        ['farewell-polite', 'SUCCESS'],
        ['shout-greeting', 'FAILURE'],
      ]);
      expect(second.verdict).to.equal('FAILURE');
      expect(statuses).to.deep.equal([1, 1]);
    });

    it('checks nothing out when every job is served: nothing is created in the work directory', async () => {
      const workDir = scratchDir('specgate-work-');
      // Every state directory name a checkout would take first is a file already, which specgate leaves be.
      for (const [i, change] of QUEUE.entries()) {
        for (let n = 1; n <= QUEUE.length; n++)
          fs.writeFileSync(path.join(workDir, `${String(n).padStart(2, '0')}-${change}`), `${i}`);
      }
      const before = fs.readdirSync(workDir).sort();
      const served = await runCli(['gate', ...QUEUE, '--json', '--config', config, '--work-dir', workDir], {
        cwd: dir,
      });
      expect(served.status, served.stderr).to.equal(1);
      expect(essence(parse(served.stdout))).to.deep.equal(essence(first));
      expect(
        parse(served.stdout)
          .changes.flatMap((c) => c.jobs)
          .every((j) => j.cached),
      ).to.equal(true);
      expect(runs(counter)).to.have.length(6);
      // A checkout would have made a directory under another name: the test can fail.
      expect(fs.readdirSync(workDir).sort()).to.deep.equal(before);
    });

    it('still checks every state out with --keep when every job is served: the user asked to see them', () => {
      expect(fs.readdirSync(firstWorkDir)).to.have.length(3);
      expect(fs.readdirSync(secondWorkDir)).to.have.length(3);
      expect(Object.keys(second.keptStates ?? {}).sort()).to.deep.equal([...QUEUE].sort());
      for (const [change, directory] of Object.entries(second.keptStates!)) {
        expect(path.dirname(directory), change).to.equal(secondWorkDir);
      }
    });

    it('prints the kept, clean checkout of each served state under "Kept state directories:"', async () => {
      const workDir = scratchDir('specgate-work-');
      const plain = await runCli(['gate', ...QUEUE, '--keep', '--work-dir', workDir, '--config', config], {
        cwd: dir,
      });
      expect(plain.status, plain.stderr).to.equal(1);
      expect(runs(counter)).to.have.length(6);
      const lines = plain.stdout.split('\n');
      const heading = lines.indexOf('Kept state directories:');
      expect(heading, plain.stdout).to.be.greaterThan(-1);
      const kept = new Map(
        lines
          .slice(heading + 1)
          .filter((line) => /^  [\w-]+: /.test(line))
          .map((line) => line.trim().split(': ') as [string, string]),
      );
      expect([...kept.keys()].sort()).to.deep.equal([...QUEUE].sort());
      for (const change of first.changes) {
        const directory = kept.get(change.id)!;
        expect(path.dirname(directory), change.id).to.equal(workDir);
        expect(git(directory, 'status', '--porcelain'), change.id).to.equal('');
        expect(git(directory, 'rev-parse', 'HEAD').trim(), change.id).to.equal(change.speculativeSha);
      }
    });

    it('says (cached) on the plain progress line of each served job', async () => {
      const plain = await runCli(['gate', ...QUEUE, '--config', config], { cwd: dir });
      expect(plain.status).to.equal(1);
      expect(plain.stderr).to.match(/\[add-farewell\] job lint SUCCESS .*\(cached\)/);
      expect(plain.stderr).to.match(/\[shout-greeting\] job test FAILURE .*\(cached\)/);
      expect(
        plain.stderr
          .split('\n')
          .filter((line) => / job \w+ (SUCCESS|FAILURE)/.test(line) && !line.includes('(cached)')),
      ).to.deep.equal([]);
      expect(runs(counter)).to.have.length(6);
    });

    it('keeps one note per tested tree under refs/notes/specgate, JSON lines naming the jobs', () => {
      const trees = first.changes.map((c) => treeOf(dir, c.speculativeSha!));
      expect(new Set(trees).size).to.equal(3);
      expect([...notes(dir).keys()].sort()).to.deep.equal([...trees].sort());
      for (const [i, tree] of trees.entries()) {
        const lines = noteOn(dir, tree);
        expect(lines.map((line) => line.job).sort(), tree).to.deep.equal(['lint', 'test']);
        const test = lines.find((line) => line.job === 'test')!;
        expect(test.result).to.equal(first.changes[i].id === 'shout-greeting' ? 'FAILURE' : 'SUCCESS');
        expect(test.attempts).to.equal(1);
        expect(test.key).to.match(/^[0-9a-f]{64}$/);
        expect(Number.isNaN(Date.parse(test.at))).to.equal(false);
      }
    });

    it('keeps a failure as FAILURE, with a log holding the original output', () => {
      const job = second.changes.find((c) => c.id === 'shout-greeting')!.jobs.find((j) => j.name === 'test')!;
      expect([job.result, job.cached, job.message]).to.deep.equal(['FAILURE', true, 'exited with status 1']);
      const original = first.changes
        .find((c) => c.id === 'shout-greeting')!
        .jobs.find((j) => j.name === 'test')!;
      expect(job.log).to.be.a('string').and.not.equal(original.log);
      const log = fs.readFileSync(job.log!, 'utf8');
      expect(log).to.contain('FAIL tests/greet.test.sh');
      expect(log).to.contain('ok   tests/farewell.test.sh');
    });

    it('serves the same tree reached by another history', async () => {
      const state = first.changes.find((c) => c.id === 'add-farewell')!.speculativeSha!;
      const tree = treeOf(dir, state);
      const other = git(
        dir,
        'commit-tree',
        tree,
        '-p',
        'main',
        '-m',
        'The same files, another history',
      ).trim();
      git(dir, 'update-ref', 'refs/heads/other-history', other);
      const run = await runCli(['check', 'other-history', '--json', '--config', config], { cwd: dir });
      expect(run.status, run.stderr).to.equal(0);
      const change = parse(run.stdout).changes[0];
      expect(change.speculativeSha).not.to.equal(state);
      expect(treeOf(dir, change.speculativeSha!)).to.equal(tree);
      expect(change.jobs.map((j) => [j.name, j.result, j.cached])).to.deep.equal([
        ['lint', 'SUCCESS', true],
        ['test', 'SUCCESS', true],
      ]);
      expect(runs(counter)).to.have.length(6);
    });
  });

  it('keeps a RETRY_LIMIT, but never a timeout, nor the results of a job with cache: false', async function () {
    this.timeout(60_000);
    const { dir } = await fixtureRepo('demo');
    const counter = path.join(scratchDir(), 'runs');
    const env = `env: { COUNTER: ${JSON.stringify(counter)} }`;
    const config = configFile(`
jobs:
  slow:
    run: ${JSON.stringify(counted('sleep 5'))}
    timeout: 1
    ${env}
  live:
    run: ${JSON.stringify(counted('true'))}
    cache: false
    ${env}
  steady:
    run: ${JSON.stringify(counted('true'))}
    ${env}
  stubborn:
    run: ${JSON.stringify(counted('exit 3'))}
    attempts: 2
    ${env}
`);
    const jobs = async () => {
      const run = await runCli(['check', 'add-farewell', '--json', '--config', config], { cwd: dir });
      expect(run.status).to.equal(1);
      return parse(run.stdout).changes[0].jobs.map((j) => [j.name, j.result, j.cached]);
    };
    expect(await jobs()).to.deep.equal([
      ['slow', 'TIMED_OUT', false],
      ['live', 'SUCCESS', false],
      ['steady', 'SUCCESS', false],
      ['stubborn', 'RETRY_LIMIT', false],
    ]);
    expect(await jobs()).to.deep.equal([
      ['slow', 'TIMED_OUT', false],
      ['live', 'SUCCESS', false],
      ['steady', 'SUCCESS', true],
      ['stubborn', 'RETRY_LIMIT', true],
    ]);
    expect(runs(counter).sort()).to.deep.equal([
      'live add-farewell',
      'live add-farewell',
      'slow add-farewell',
      'slow add-farewell',
      'steady add-farewell',
      'stubborn add-farewell',
      'stubborn add-farewell',
    ]);
    const kept = noteOn(dir, treeOf(dir, 'add-farewell'));
    expect(kept.map((line) => [line.job, line.result, line.attempts]).sort()).to.deep.equal([
      ['steady', 'SUCCESS', 1],
      ['stubborn', 'RETRY_LIMIT', 2],
    ]);
  });

  it('never keeps a command not found (exit 127): once the tool is installed, the next run passes', async () => {
    const { dir } = await fixtureRepo('demo');
    const tools = scratchDir();
    const config = configFile(`
jobs:
  lint:
    run: specgate-fake-lint .
`);
    const check = async () => {
      const run = await runCli(['check', 'add-farewell', '--json', '--config', config], {
        cwd: dir,
        env: { PATH: `${tools}:${process.env.PATH}` },
      });
      return parse(run.stdout).changes[0].jobs.map((j) => [j.name, j.result, j.cached, j.message]);
    };
    expect(await check()).to.deep.equal([['lint', 'FAILURE', false, 'exited with status 127']]);
    expect(notes(dir).size).to.equal(0);
    fs.writeFileSync(path.join(tools, 'specgate-fake-lint'), '#!/bin/sh\necho linted\n', { mode: 0o755 });
    expect(await check()).to.deep.equal([['lint', 'SUCCESS', false, undefined]]);
    expect(noteOn(dir, treeOf(dir, 'add-farewell')).map((line) => [line.job, line.result])).to.deep.equal([
      ['lint', 'SUCCESS'],
    ]);
  });

  it('runs again a job whose definition changed, and the jobs that depend on it, and serves the others', async () => {
    const { dir } = await fixtureRepo('demo');
    const counter = path.join(scratchDir(), 'runs');
    const config = (lint: string, build: string) =>
      configFile(`
jobs:
  lint:
    run: ${JSON.stringify(counted(lint))}
    env: { COUNTER: ${JSON.stringify(counter)} }
  build:
    run: ${JSON.stringify(counted(build))}
    env: { COUNTER: ${JSON.stringify(counter)} }
  unit:
    run: ${JSON.stringify(counted('./tests/run.sh'))}
    dependencies: [build]
    env: { COUNTER: ${JSON.stringify(counter)} }
`);
    const ranNow = async (file: string) => {
      const before = runs(counter).length;
      const run = await runCli(['check', 'add-farewell', '--json', '--config', file], { cwd: dir });
      expect(run.status, run.stderr).to.equal(0);
      const served = parse(run.stdout)
        .changes[0].jobs.filter((j) => j.cached)
        .map((j) => j.name);
      return {
        ran: runs(counter)
          .slice(before)
          .map((line) => line.split(' ')[0])
          .sort(),
        served,
      };
    };
    expect(await ranNow(config('sh -n greet.sh', 'echo built'))).to.deep.equal({
      ran: ['build', 'lint', 'unit'],
      served: [],
    });
    expect(await ranNow(config('sh -n greet.sh', 'echo built'))).to.deep.equal({
      ran: [],
      served: ['lint', 'build', 'unit'],
    });
    // A new lint command: lint runs; build and unit do not depend on it and stay served.
    expect(await ranNow(config('sh -n greet.sh && echo v2', 'echo built'))).to.deep.equal({
      ran: ['lint'],
      served: ['build', 'unit'],
    });
    // A new build command: build runs, and so does unit, whose key holds build's.
    expect(await ranNow(config('sh -n greet.sh && echo v2', 'echo built v2'))).to.deep.equal({
      ran: ['build', 'unit'],
      served: ['lint'],
    });
  });

  it('runs everything with --no-cache, and still records the results', async () => {
    const { dir } = await fixtureRepo('demo');
    const counter = path.join(scratchDir(), 'runs');
    const config = demoJobs(counter);
    const check = async (...flags: string[]) => {
      const run = await runCli(
        ['check', 'add-farewell', 'shout-greeting', '--json', '--config', config, ...flags],
        { cwd: dir },
      );
      expect(run.status).to.equal(1);
      return parse(run.stdout).changes.flatMap((c) =>
        c.jobs.map((j) => `${c.id}/${j.name}:${j.result}:${j.cached}`),
      );
    };
    await check();
    const recorded = await cachedList(dir);
    expect(await check('--no-cache')).to.deep.equal([
      'add-farewell/lint:SUCCESS:false',
      'add-farewell/test:SUCCESS:false',
      'shout-greeting/lint:SUCCESS:false',
      'shout-greeting/test:FAILURE:false',
    ]);
    expect(runs(counter)).to.have.length(8);
    // The --no-cache run wrote its own, later results over the first run's.
    const rerecorded = await cachedList(dir);
    expect(rerecorded).to.have.length(4);
    for (const result of rerecorded) {
      const earlier = recorded.find((r) => r.tree === result.tree && r.job === result.job)!;
      expect(result.at > earlier.at, `${result.job} on ${result.tree}`).to.equal(true);
    }
    expect((await check()).every((job) => job.endsWith(':true'))).to.equal(true);
    expect(runs(counter)).to.have.length(8);
  });

  it('loses no result when gates of different queues run at the same time in one repository', async () => {
    const { dir } = await fixtureRepo('demo');
    const counter = path.join(scratchDir(), 'runs');
    const config = demoJobs(counter);
    // Two of the queues share the state main + add-farewell: two processes may record results on one tree.
    const queues = [
      ['add-farewell'],
      ['shout-greeting'],
      ['reword-usage'],
      ['add-farewell', 'farewell-polite'],
    ];
    const done = await Promise.all(
      queues.map((queue) => runCli(['gate', ...queue, '--json', '--config', config], { cwd: dir })),
    );
    expect(done.map((run) => run.status)).to.deep.equal([0, 1, 0, 0]);
    const results = done.map((run) => parse(run.stdout));
    expect(results.map((result) => result.changes.map((c) => `${c.id}:${c.result}`))).to.deep.equal([
      ['add-farewell:SUCCESS'],
      ['shout-greeting:FAILURE'],
      ['reword-usage:SUCCESS'],
      ['add-farewell:SUCCESS', 'farewell-polite:SUCCESS'],
    ]);
    const trees = [
      ...new Set(results.flatMap((result) => result.changes.map((c) => treeOf(dir, c.speculativeSha!)))),
    ].sort();
    expect(trees).to.have.length(4);
    expect([...notes(dir).keys()].sort()).to.deep.equal(trees);
    const kept = (await cachedList(dir)).map((r) => `${r.tree}/${r.job}`).sort();
    expect(kept).to.deep.equal(trees.flatMap((tree) => [`${tree}/lint`, `${tree}/test`]).sort());
    // fsck throws on a non-zero exit; dangling speculative commits are expected and not reported.
    expect(git(dir, 'fsck', '--strict', '--no-dangling')).to.equal('');
    // Every run's results are now served: only shout-greeting, on main + add-farewell (a new tree), runs.
    const before = runs(counter).length;
    const again = parse(
      (await runCli(['gate', 'add-farewell', 'reword-usage', '--json', '--config', config], { cwd: dir }))
        .stdout,
    );
    expect(again.changes.map((c) => [c.id, c.result, c.jobs.map((j) => j.cached)])).to.deep.equal([
      ['add-farewell', 'SUCCESS', [true, true]],
      ['reword-usage', 'MERGE_CONFLICT', []],
    ]);
    const third = parse(
      (
        await runCli(['check', 'shout-greeting', 'farewell-polite', '--json', '--config', config], {
          cwd: dir,
        })
      ).stdout,
    );
    expect(third.changes.flatMap((c) => c.jobs.map((j) => j.cached))).to.deep.equal([true, true, true, true]);
    expect(runs(counter).length).to.equal(before);
  });

  describe('a job with cache: false, and the jobs that depend on it', () => {
    let dir: string;
    let counter: string;
    let answer: string;
    let config: string;
    let first: PipelineResult;
    let second: PipelineResult;
    let statuses: Array<number | null>;

    before(async () => {
      ({ dir } = await fixtureRepo('demo'));
      const scratch = scratchDir();
      counter = path.join(scratch, 'runs');
      // Outside the repository, so the tree (and every cache key) stays the same when it changes.
      answer = path.join(scratch, 'deployed');
      const env = `env: { COUNTER: ${JSON.stringify(counter)}, ANSWER: ${JSON.stringify(answer)} }`;
      config = configFile(`
jobs:
  deploy:
    run: ${JSON.stringify(counted(`printf '{"data":{"ok":"%s"}}' "$(cat "$ANSWER")" > "$SPECGATE_RETURN"`))}
    cache: false
    ${env}
  smoke:
    run: ${JSON.stringify(counted(`tr -d ' \\n' < "$SPECGATE_PARENT_DATA" | grep -q '"ok":"yes"'`))}
    dependencies: [deploy]
    ${env}
  audit:
    run: ${JSON.stringify(counted('true'))}
    dependencies: [{ name: smoke, soft: true }]
    ${env}
  steady:
    run: ${JSON.stringify(counted('true'))}
    ${env}
`);
      const check = async () => {
        const run = await runCli(['check', 'add-farewell', '--json', '--config', config], { cwd: dir });
        statuses.push(run.status);
        return parse(run.stdout);
      };
      statuses = [];
      fs.writeFileSync(answer, 'yes');
      first = await check();
      fs.writeFileSync(answer, 'no');
      second = await check();
    });

    const jobs = (result: PipelineResult) => result.changes[0].jobs.map((j) => [j.name, j.result, j.cached]);

    it('passes while the outside file says yes', () => {
      expect(jobs(first)).to.deep.equal([
        ['deploy', 'SUCCESS', false],
        ['smoke', 'SUCCESS', false],
        ['audit', 'SUCCESS', false],
        ['steady', 'SUCCESS', false],
      ]);
      expect(statuses[0]).to.equal(0);
    });

    it('runs it and its direct and transitive, hard and soft dependents again, and fails when the file says no', () => {
      expect(jobs(second)).to.deep.equal([
        ['deploy', 'SUCCESS', false],
        ['smoke', 'FAILURE', false],
        ['audit', 'SUCCESS', false],
        ['steady', 'SUCCESS', true],
      ]);
      expect(second.verdict).to.equal('FAILURE');
      expect(statuses[1]).to.equal(1);
      expect(runs(counter).sort()).to.deep.equal([
        'audit add-farewell',
        'audit add-farewell',
        'deploy add-farewell',
        'deploy add-farewell',
        'smoke add-farewell',
        'smoke add-farewell',
        'steady add-farewell',
      ]);
    });

    it('keeps only the independent job in refs/notes/specgate', async () => {
      expect(noteOn(dir, treeOf(dir, 'add-farewell')).map((line) => [line.job, line.result])).to.deep.equal([
        ['steady', 'SUCCESS'],
      ]);
      expect((await cachedList(dir)).map((r) => r.job)).to.deep.equal(['steady']);
    });
  });

  it("clears the notes ref's reflog with everything, so that git gc drops the old notes", async () => {
    const { dir } = await fixtureRepo('demo');
    const run = await runCli(
      ['check', 'add-farewell', '--json', '--config', demoJobs(path.join(scratchDir(), 'runs'))],
      { cwd: dir },
    );
    expect(run.status, run.stderr).to.equal(0);
    const old = git(dir, 'rev-parse', 'refs/notes/specgate').trim();
    git(dir, 'update-ref', '--create-reflog', 'refs/notes/specgate', old);
    expect(gitSucceeds(dir, 'reflog', 'exists', 'refs/notes/specgate')).to.equal(true);
    expect(fs.existsSync(path.join(dir, '.git', 'logs', 'refs', 'notes', 'specgate'))).to.equal(true);

    const clear = await runCli(['cache', 'clear'], { cwd: dir });
    expect(clear.status, clear.stderr).to.equal(0);
    expect(clear.stdout).to.equal('Removed 2 results on 1 tree from refs/notes/specgate.\n');
    expect(gitSucceeds(dir, 'reflog', 'exists', 'refs/notes/specgate')).to.equal(false);
    expect(fs.existsSync(path.join(dir, '.git', 'logs', 'refs', 'notes', 'specgate'))).to.equal(false);
    expect(git(dir, 'rev-parse', 'refs/notes/specgate').trim()).not.to.equal(old);

    expect(gitSucceeds(dir, 'cat-file', '-e', old)).to.equal(true);
    // No reflog expiry first: nothing but the removed reflog held the old notes commit.
    git(dir, 'gc', '--prune=now', '-q');
    expect(gitSucceeds(dir, 'cat-file', '-e', old)).to.equal(false);
    git(dir, 'reflog', 'expire', '--expire=now', '--all');
    git(dir, 'gc', '--prune=now', '-q');
    expect(gitSucceeds(dir, 'cat-file', '-e', old)).to.equal(false);
    expect(await cachedList(dir)).to.deep.equal([]);
  });

  describe('a notes ref that is not an object id', () => {
    let dir: string;
    let counter: string;
    let config: string;

    before(async () => {
      ({ dir } = await fixtureRepo('demo'));
      counter = path.join(scratchDir(), 'runs');
      config = demoJobs(counter);
      const run = await runCli(['check', 'add-farewell', '--json', '--config', config], { cwd: dir });
      expect(run.status, run.stderr).to.equal(0);
      const ref = path.join(dir, '.git', 'refs', 'notes', 'specgate');
      expect(fs.existsSync(ref), 'specgate writes the notes ref loose').to.equal(true);
      fs.writeFileSync(ref, 'this is not an object id\n');
    });

    it('makes cache list refuse with one line naming the ref, and exit 2', async () => {
      const run = await runCli(['cache', 'list'], { cwd: dir });
      expect(run.status, run.stderr).to.equal(2);
      expect(run.stderr.trim().split('\n'), run.stderr).to.have.length(1);
      expect(run.stderr).to.contain('refs/notes/specgate');
    });

    it('leaves gate its verdict: the jobs run, with a warning about the result cache', async () => {
      for (const [change, status] of [
        ['add-farewell', 0],
        ['shout-greeting', 1],
      ] as const) {
        const before = runs(counter).length;
        const run = await runCli(['gate', change, '--config', config], { cwd: dir });
        expect(run.status, run.stderr).to.equal(status);
        expect(
          run.stderr.split('\n').filter((line) => /result cache/.test(line)),
          run.stderr,
        ).not.to.be.empty;
        expect(runs(counter).slice(before).sort(), change).to.deep.equal([
          `lint ${change}`,
          `test ${change}`,
        ]);
      }
    });
  });

  describe('cache list and cache clear', () => {
    let dir: string;
    let counter: string;
    let config: string;
    let trees: Record<string, string>;

    before(async () => {
      ({ dir } = await fixtureRepo('demo'));
      counter = path.join(scratchDir(), 'runs');
      config = demoJobs(counter);
      const run = await runCli(['check', 'add-farewell', 'shout-greeting', '--json', '--config', config], {
        cwd: dir,
      });
      expect(run.status).to.equal(1);
      // check tests each change on main + itself: the trees of the branches themselves.
      trees = {
        'add-farewell': treeOf(dir, 'add-farewell'),
        'shout-greeting': treeOf(dir, 'shout-greeting'),
      };
    });

    it('lists every kept result as a table, with a count', async () => {
      const run = await runCli(['cache', 'list'], { cwd: dir });
      expect(run.status).to.equal(0);
      const lines = run.stdout.trim().split('\n');
      expect(lines[0]).to.match(/tree\s+change\s+job\s+result/);
      expect(lines.at(-1)).to.equal('4 results on 2 trees');
      const rows = lines.filter((line) => /^\s*[0-9a-f]{12}\s/.test(line));
      expect(rows).to.have.length(4);
      const row = (tree: string, job: string) =>
        rows.find((line) => line.includes(tree.slice(0, 12)) && new RegExp(`\\s${job}\\s`).test(line));
      expect(row(trees['shout-greeting'], 'test')).to.match(/\sFAILURE\s/);
      expect(row(trees['add-farewell'], 'test')).to.match(/\sSUCCESS\s/);
      expect(row(trees['add-farewell'], 'lint')).to.match(/\sSUCCESS\s/);
      // Each result names the change whose state it ran on.
      expect(row(trees['add-farewell'], 'lint')).to.match(/\sadd-farewell\s/);
      expect(row(trees['shout-greeting'], 'test')).to.match(/\sshout-greeting\s/);
    });

    it('lists them as JSON, and only those on the trees of given revisions', async () => {
      const all = await cachedList(dir);
      expect(all.map((r) => `${r.tree}/${r.job}/${r.result}`).sort()).to.deep.equal(
        [
          `${trees['add-farewell']}/lint/SUCCESS`,
          `${trees['add-farewell']}/test/SUCCESS`,
          `${trees['shout-greeting']}/lint/SUCCESS`,
          `${trees['shout-greeting']}/test/FAILURE`,
        ].sort(),
      );
      for (const result of all) {
        expect(result.key).to.match(/^[0-9a-f]{64}$/);
        expect(result.attempts).to.equal(1);
        expect(result.durationMs).to.be.a('number');
        expect(new Date(result.at).toISOString()).to.equal(result.at);
      }
      const some = await cachedList(dir, 'add-farewell');
      expect(some.map((r) => `${r.tree}/${r.job}`).sort()).to.deep.equal([
        `${trees['add-farewell']}/lint`,
        `${trees['add-farewell']}/test`,
      ]);
      const plain = await runCli(['cache', 'list', 'add-farewell'], { cwd: dir });
      expect(plain.stdout.trim().split('\n').at(-1)).to.equal('2 results on 1 tree');
    });

    it('refuses an unknown revision with one line and exit 2, removing nothing', async () => {
      for (const args of [
        ['cache', 'list', 'no-such-branch'],
        ['cache', 'clear', 'no-such-branch'],
        ['cache', 'clear', 'add-farewell', 'no-such-branch'],
      ]) {
        const run = await runCli(args, { cwd: dir });
        expect(run.status, args.join(' ')).to.equal(2);
        expect(run.stderr.trim().split('\n'), args.join(' ')).to.have.length(1);
        expect(run.stderr).to.contain('no-such-branch');
      }
      expect(await cachedList(dir)).to.have.length(4);
    });

    it('clears the results on the trees of given revisions only; those jobs run again', async () => {
      const run = await runCli(['cache', 'clear', 'add-farewell'], { cwd: dir });
      expect(run.status).to.equal(0);
      expect(run.stdout).to.equal('Removed 2 results on 1 tree from refs/notes/specgate.\n');
      expect((await cachedList(dir)).map((r) => r.tree)).to.deep.equal([
        trees['shout-greeting'],
        trees['shout-greeting'],
      ]);
      const before = runs(counter).length;
      const again = parse(
        (
          await runCli(['check', 'add-farewell', 'shout-greeting', '--json', '--config', config], {
            cwd: dir,
          })
        ).stdout,
      );
      expect(again.changes.map((c) => c.jobs.map((j) => j.cached))).to.deep.equal([
        [false, false],
        [true, true],
      ]);
      expect(runs(counter).slice(before).sort()).to.deep.equal(['lint add-farewell', 'test add-farewell']);
    });

    it('clears everything, leaving an empty notes commit without parent', async () => {
      const run = await runCli(['cache', 'clear'], { cwd: dir });
      expect(run.status).to.equal(0);
      expect(run.stdout).to.equal('Removed 4 results on 2 trees from refs/notes/specgate.\n');
      expect(git(dir, 'ls-tree', 'refs/notes/specgate')).to.equal('');
      expect(git(dir, 'rev-list', '--parents', '-n', '1', 'refs/notes/specgate').trim()).to.match(
        /^[0-9a-f]{40}$/,
      );
      expect(await cachedList(dir)).to.deep.equal([]);
      const before = runs(counter).length;
      await runCli(['check', 'shout-greeting', '--json', '--config', config], { cwd: dir });
      expect(runs(counter).length - before).to.equal(2);
    });
  });

  it('says so when a revision has no result, without claiming the whole cache is empty', async () => {
    const { dir } = await fixtureRepo('demo');
    const config = demoJobs(path.join(scratchDir(), 'runs'));
    await runCli(['check', 'shout-greeting', '--json', '--config', config], { cwd: dir });
    const run = await runCli(['cache', 'list', 'add-farewell'], { cwd: dir });
    expect(run.status).to.equal(0);
    expect(run.stdout).not.to.contain('cache is empty');
    expect(run.stdout).to.match(/\b0 results|no result/i);
  });

  it('leaves the user repository as it was, adding only refs/notes/specgate', async () => {
    const { dir } = await fixtureRepo('demo');
    const config = demoJobs(path.join(scratchDir(), 'runs'));
    fs.appendFileSync(path.join(dir, 'README.md'), 'a local edit\n');
    fs.writeFileSync(path.join(dir, 'scratch.txt'), 'untracked\n');
    const snapshot = snapshotRepository(dir);
    const refs = git(dir, 'for-each-ref', '--format=%(refname) %(objectname)');
    for (const args of [
      ['gate', 'add-farewell', 'shout-greeting', '--config', config],
      ['gate', 'add-farewell', 'shout-greeting', '--config', config],
      ['check', 'add-farewell', '--no-cache', '--config', config],
      ['cache', 'list'],
      ['cache', 'clear', 'add-farewell'],
      ['cache', 'clear'],
    ]) {
      const run = await runCli(args, { cwd: dir });
      expect(run.status, `${args.join(' ')}: ${run.stderr}`).to.be.oneOf([0, 1]);
    }
    expect(snapshotRepository(dir)).to.deep.equal(snapshot);
    const after = git(dir, 'for-each-ref', '--format=%(refname) %(objectname)').split('\n').filter(Boolean);
    expect(after.filter((line) => !line.startsWith('refs/notes/specgate ')).join('\n')).to.equal(refs.trim());
    expect(after.filter((line) => line.startsWith('refs/notes/specgate '))).to.have.length(1);
  });
});
