import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import type { PartialResult, PipelineResult } from '../../src/core/types.js';
import { configFile, fixtureRepo, scratchDir } from '../helpers/fixture-repo.js';
import { git } from '../helpers/git.js';
import { runCli, type CliRun } from '../helpers/run-cli.js';
import { verdictEssence } from '../helpers/verdict-essence.js';

// One passing change, one whose tests fail (in the middle), one that conflicts with the first, one that
// depends on the failing one, and one stacked on the first.
const QUEUE = ['add-farewell', 'shout-greeting', 'reword-usage', 'shout-docs', 'farewell-polite'];
const JOBS = ['build', 'unit', 'lint', 'docs'];

/**
 * build, then unit (which needs build's product in the state directory), and two independent jobs. Each
 * job first appends `WHO|JOB|CHANGE|CHANGES IN THE STATE` to the counter file, WHO being the process's
 * $RUNNER (given per process, so not part of the configuration the shards must agree on).
 */
const shardedJobs = (counter: string) => {
  const mark = 'echo "$RUNNER|$SPECGATE_JOB|$SPECGATE_CHANGE|$SPECGATE_CHANGES" >> "$COUNTER"';
  const env = `env: { COUNTER: ${JSON.stringify(counter)} }`;
  return configFile(`
jobs:
  build:
    run: ${JSON.stringify(`${mark}; sleep 0.2; echo built > built.txt`)}
    ${env}
  unit:
    run: ${JSON.stringify(`${mark}; test -f built.txt && ./tests/run.sh`)}
    dependencies: [build]
    ${env}
  lint:
    run: ${JSON.stringify(`${mark}; for f in *.sh tests/*.sh; do sh -n "$f" || exit 1; done`)}
    ${env}
  docs:
    run: ${JSON.stringify(`${mark}; sleep 0.2; test -f README.md`)}
    ${env}
`);
};

/** Counter lines of one runner, as `job|change|changes in the state`, sorted. */
const ranBy = (counter: string, runner: string): string[] =>
  (fs.existsSync(counter) ? fs.readFileSync(counter, 'utf8').split('\n') : [])
    .filter((line) => line.startsWith(`${runner}|`))
    .map((line) => line.slice(runner.length + 1))
    .sort();

/** A unit's jobs as `job|change|changes in the state`, the form the counter lines take. */
const unitJobs = (partial: PartialResult) =>
  partial.units
    .flatMap((unit) => unit.jobs.map((job) => `${job.name}|${unit.change}|${unit.includes.join(' ')}`))
    .sort();

const essence = verdictEssence;

/** Asserts a refusal: exit 2, one line on stderr (so no stack trace), naming `culprit`. */
const expectRefusal = (run: CliRun, culprit: string | RegExp) => {
  expect(run.status, run.stderr).to.equal(2);
  const lines = run.stderr.trim().split('\n');
  expect(lines, run.stderr).to.have.length(1);
  expect(lines[0]).to.match(/^specgate: error: /);
  if (typeof culprit === 'string') expect(lines[0]).to.contain(culprit);
  else expect(lines[0]).to.match(culprit);
  // With --json, stdout holds the same error as JSON, and nothing else.
  if (run.stdout !== '') {
    const { error } = JSON.parse(run.stdout) as { error: { code: string; message: string } };
    expect(lines[0]).to.equal(`specgate: error: ${error.message}`);
  }
};

describe('sharded gate: two shards at the same time, then report merge', () => {
  let dir: string;
  let counter: string;
  let config: string;
  let partialFiles: string[];
  let shards: CliRun[];
  let partials: PartialResult[];
  let plan: PipelineResult;
  let merge: CliRun;
  let merged: PipelineResult;
  let single: CliRun;
  let whole: PipelineResult;
  let junit: string;

  before(async () => {
    ({ dir } = await fixtureRepo('demo'));
    counter = path.join(scratchDir(), 'runs');
    config = shardedJobs(counter);
    const out = scratchDir('specgate-partials-');
    partialFiles = [path.join(out, 'partial-1.json'), path.join(out, 'partial-2.json')];
    junit = path.join(out, 'junit.xml');

    // The oracle: one unsharded run on an identical repository (the fixture gives the same commit ids),
    // with its own, empty result cache.
    const { dir: alone } = await fixtureRepo('demo');
    single = await runCli(['gate', ...QUEUE, '--no-cache', '--json', '--config', config], {
      cwd: alone,
      env: { RUNNER: 'single' },
    });
    whole = JSON.parse(single.stdout) as PipelineResult;

    plan = JSON.parse(
      (await runCli(['plan', ...QUEUE, '--json', '--config', config], { cwd: dir })).stdout,
    ) as PipelineResult;
    shards = await Promise.all(
      [1, 2].map((index) =>
        runCli(['gate', ...QUEUE, '--shard', `${index}/2`, '--json', '--config', config], {
          cwd: dir,
          env: { RUNNER: `shard-${index}` },
        }),
      ),
    );
    shards.forEach((shard, i) => fs.writeFileSync(partialFiles[i], shard.stdout));
    partials = shards.map((shard) => JSON.parse(shard.stdout) as PartialResult);
    merge = await runCli(
      ['report', 'merge', ...partialFiles, '--json', '--junit', junit, '--config', config],
      { cwd: dir, env: { RUNNER: 'merge' } },
    );
    merged = JSON.parse(merge.stdout) as PipelineResult;
  });

  it('the single run really ran its jobs', () => {
    expect(whole.changes.flatMap((c) => c.jobs.filter((j) => j.cached))).to.deep.equal([]);
    const ran = ranBy(counter, 'single');
    for (const change of whole.changes) {
      for (const job of change.jobs)
        expect(ran, `${change.id}/${job.name}`).to.include(
          `${job.name}|${change.id}|${change.includes.join(' ')}`,
        );
    }
  });

  it('each shard exits 0 with a partial result naming its place, the run and its inputs', () => {
    expect(shards.map((shard) => shard.status)).to.deep.equal([0, 0]);
    expect(partials.map((p) => p.partial.shard)).to.deep.equal([
      { index: 1, total: 2 },
      { index: 2, total: 2 },
    ]);
    expect(partials[0].partial.version).to.equal(1);
    expect(partials[0].partial.inputs)
      .to.match(/^[0-9a-f]{64}$/)
      .and.equal(partials[1].partial.inputs);
    for (const partial of partials) {
      expect(partial.mode).to.equal('gate');
      expect(partial.target).to.deep.equal({ ref: 'main', sha: git(dir, 'rev-parse', 'main').trim() });
      expect(partial.changes).to.deep.equal(
        QUEUE.map((id) => ({ id, sha: git(dir, 'rev-parse', id).trim() })),
      );
    }
  });

  it('splits the plan between the shards: disjoint, covering every state and job, on the planned states', () => {
    const planned = plan.changes.filter((c) => c.speculativeSha);
    expect(planned.map((c) => c.id)).to.deep.equal([
      'add-farewell',
      'shout-greeting',
      'shout-docs',
      'farewell-polite',
    ]);
    const pairs = partials.map((p) =>
      p.units.flatMap((unit) => unit.jobs.map((job) => `${unit.change}/${job.name}`)),
    );
    expect(pairs[0].filter((pair) => pairs[1].includes(pair))).to.deep.equal([]);
    expect([...pairs[0], ...pairs[1]].sort()).to.deep.equal(
      planned.flatMap((c) => JOBS.map((job) => `${c.id}/${job}`)).sort(),
    );
    expect(pairs[0]).not.to.be.empty;
    expect(pairs[1]).not.to.be.empty;
    for (const unit of partials.flatMap((p) => p.units)) {
      const state = planned.find((c) => c.id === unit.change)!;
      expect([unit.speculativeSha, unit.includes], unit.change).to.deep.equal([
        state.speculativeSha,
        state.includes,
      ]);
    }
  });

  it('keeps build and unit of one state on the same shard', () => {
    for (const change of ['add-farewell', 'shout-greeting', 'shout-docs', 'farewell-polite']) {
      const holders = (job: string) =>
        partials.map((p) => p.units.some((u) => u.change === change && u.jobs.some((j) => j.name === job)));
      expect(holders('unit'), change).to.deep.equal(holders('build'));
      expect(holders('unit').filter(Boolean), change).to.have.length(1);
    }
    // ... while the two shards do share the build-and-unit pairs between them.
    const buildsOn = partials.map(
      (p) => p.units.filter((u) => u.jobs.some((j) => j.name === 'build')).length,
    );
    expect(
      buildsOn.every((n) => n > 0),
      `${buildsOn}`,
    ).to.equal(true);
  });

  it('each shard really ran its own jobs, and only those', () => {
    expect(ranBy(counter, 'shard-1')).to.deep.equal(unitJobs(partials[0]));
    expect(ranBy(counter, 'shard-2')).to.deep.equal(unitJobs(partials[1]));
    expect(partials.flatMap((p) => p.units.flatMap((u) => u.jobs.filter((j) => j.cached)))).to.deep.equal([]);
    // Each partial carries the results it produced, for a merging machine without these notes.
    for (const partial of partials) {
      const carried = partial.results.map((r) => `${r.tree}/${r.job}/${r.run.result}`);
      for (const unit of partial.units) {
        const tree = git(dir, 'rev-parse', `${unit.speculativeSha}^{tree}`).trim();
        for (const job of unit.jobs)
          expect(carried, `${unit.change}/${job.name}`).to.include(`${tree}/${job.name}/${job.result}`);
      }
    }
  });

  it('merges to the verdict a single run gives', () => {
    expect(merge.status, merge.stderr).to.equal(single.status);
    expect(merge.status).to.equal(1);
    expect(merged.verdict).to.equal(whole.verdict);
    expect(essence(merged)).to.deep.equal(essence(whole));
    expect(essence(merged).map((c) => [c.id, c.result, c.includes.join(' ')])).to.deep.equal([
      ['add-farewell', 'SUCCESS', 'add-farewell'],
      ['shout-greeting', 'FAILURE', 'add-farewell shout-greeting'],
      ['reword-usage', 'MERGE_CONFLICT', 'add-farewell reword-usage'],
      ['shout-docs', 'DEPENDENCY_FAILED', ''],
      ['farewell-polite', 'SUCCESS', 'add-farewell farewell-polite'],
    ]);
  });

  it('serves the states the shards tested, and runs here only the state behind the rejected change', () => {
    expect(merged.changes.flatMap((c) => c.jobs.map((j) => `${c.id}/${j.name}:${j.cached}`))).to.deep.equal([
      'add-farewell/build:true',
      'add-farewell/unit:true',
      'add-farewell/lint:true',
      'add-farewell/docs:true',
      'shout-greeting/build:true',
      'shout-greeting/unit:true',
      'shout-greeting/lint:true',
      'shout-greeting/docs:true',
      'farewell-polite/build:false',
      'farewell-polite/unit:false',
      'farewell-polite/lint:false',
      'farewell-polite/docs:false',
    ]);
    expect(ranBy(counter, 'merge')).to.deep.equal(
      JOBS.map((job) => `${job}|farewell-polite|add-farewell farewell-polite`).sort(),
    );
    expect(merge.stderr).to.contain(
      'report merge: 2 shards; 8 job results taken from them or the cache, 4 jobs run here',
    );
  });

  it('writes a JUnit report with one testcase per job of each change', () => {
    const xml = fs.readFileSync(junit, 'utf8');
    const cases = [...xml.matchAll(/<testcase classname="([^"]+)" name="([^"]+)"/g)].map(
      (m) => `${m[1]}/${m[2]}`,
    );
    const jobs = merged.changes.flatMap((c) => c.jobs.map((j) => `${c.id}/${j.name}`));
    expect(jobs).to.have.length(12);
    expect(cases.filter((c) => !c.endsWith('/merge'))).to.deep.equal(jobs);
    // Its properties (a result served from a shard is marked cached) come before the failure.
    expect(xml).to.match(
      /<testcase classname="shout-greeting" name="unit"[^>]*>\s*(<properties>(?:(?!<\/testcase>)[\s\S])*<\/properties>\s*)?<failure /,
    );
    const passed =
      /<testcase classname="add-farewell" name="unit"[^>]*(\/>|>(?:(?!<\/testcase>)[\s\S])*<\/testcase>)/.exec(
        xml,
      );
    expect(passed?.[0]).to.be.a('string').and.not.contain('<failure').and.not.contain('<skipped');
  });

  it("merges on a machine without the shards' notes, from the partials alone", async () => {
    const { dir: elsewhere } = await fixtureRepo('demo');
    const run = await runCli(
      ['report', 'merge', ...partialFiles, '--no-cache', '--json', '--config', config],
      { cwd: elsewhere, env: { RUNNER: 'elsewhere' } },
    );
    expect(run.status, run.stderr).to.equal(1);
    expect(essence(JSON.parse(run.stdout) as PipelineResult)).to.deep.equal(essence(whole));
    expect(ranBy(counter, 'elsewhere')).to.deep.equal(
      JOBS.map((job) => `${job}|farewell-polite|add-farewell farewell-polite`).sort(),
    );
  });

  describe('refusals', () => {
    it('refuses a missing shard', async () => {
      expectRefusal(
        await runCli(['report', 'merge', partialFiles[0], '--json', '--config', config], { cwd: dir }),
        'missing shard 2/2',
      );
    });

    it('refuses the same shard twice, naming both files', async () => {
      const copy = path.join(scratchDir(), 'copy-of-1.json');
      fs.copyFileSync(partialFiles[0], copy);
      const run = await runCli(['report', 'merge', partialFiles[0], copy, '--config', config], { cwd: dir });
      expectRefusal(run, 'both shard 1/2');
      expect(run.stderr).to.contain(copy);
    });

    it('refuses partials of two different queues, naming the odd one', async () => {
      const other = path.join(scratchDir(), 'other-queue-2.json');
      const shard = await runCli(
        ['gate', 'add-farewell', 'shout-greeting', '--shard', '2/2', '--json', '--config', config],
        { cwd: dir, env: { RUNNER: 'other' } },
      );
      expect(shard.status, shard.stderr).to.equal(0);
      fs.writeFileSync(other, shard.stdout);
      expectRefusal(
        await runCli(['report', 'merge', partialFiles[0], other, '--config', config], { cwd: dir }),
        `${other} is a shard of a different run`,
      );
    });

    it('refuses a file that is not JSON, naming it', async () => {
      const garbage = path.join(scratchDir(), 'garbage.json');
      fs.writeFileSync(garbage, 'Job succeeded\n');
      expectRefusal(
        await runCli(['report', 'merge', partialFiles[0], garbage, '--config', config], { cwd: dir }),
        `${garbage}: not JSON`,
      );
    });

    it('refuses a shard number out of range, and a shard without --json, --junit, --merge or --tag', async () => {
      const gate = (...flags: string[]) =>
        runCli(['gate', ...QUEUE, '--config', config, ...flags], { cwd: dir, env: { RUNNER: 'refused' } });
      expectRefusal(await gate('--shard', '3/2', '--json'), '--shard 3/2');
      expectRefusal(await gate('--shard', '0/2', '--json'), '--shard 0/2');
      expectRefusal(await gate('--shard', '1/2'), '--json');
      expectRefusal(
        await gate('--shard', '1/2', '--json', '--junit', path.join(scratchDir(), 'j.xml')),
        '--junit',
      );
      expectRefusal(await gate('--shard', '1/2', '--json', '--merge'), '--merge');
      expectRefusal(await gate('--shard', '1/2', '--json', '--tag', 'v1'), '--tag');
      expect(ranBy(counter, 'refused')).to.deep.equal([]);
    });
  });
});

describe('sharded gate with results the cache never keeps: a job with cache: false and a timeout', () => {
  let dir: string;
  let counter: string;
  let partials: PartialResult[];
  let shards: CliRun[];
  let merge: CliRun;
  let merged: PipelineResult;
  let single: CliRun;
  let whole: PipelineResult;

  /** The sharded example's jobs, plus `live` (cache: false) and `slow`, which times out on shout-greeting only. */
  const jobsWithTransients = (file: string) => {
    const mark = 'echo "$RUNNER|$SPECGATE_JOB|$SPECGATE_CHANGE|$SPECGATE_CHANGES" >> "$COUNTER"';
    const env = `env: { COUNTER: ${JSON.stringify(file)} }`;
    const extra = `  live:
    run: ${JSON.stringify(`${mark}; true`)}
    cache: false
    ${env}
  slow:
    run: ${JSON.stringify(`${mark}; if [ "$SPECGATE_CHANGE" = shout-greeting ]; then sleep 5; fi`)}
    timeout: 1
    ${env}
`;
    return fs.readFileSync(shardedJobs(file), 'utf8') + extra;
  };

  /** Every counter line but the single run's, as `job|change|changes in the state`, sorted. */
  const ranHere = () =>
    fs
      .readFileSync(counter, 'utf8')
      .split('\n')
      .filter((line) => line !== '' && !line.startsWith('single|'))
      .map((line) => line.slice(line.indexOf('|') + 1))
      .sort();

  before(async function () {
    this.timeout(120_000);
    ({ dir } = await fixtureRepo('demo'));
    counter = path.join(scratchDir(), 'runs');
    const config = configFile(jobsWithTransients(counter));
    const out = scratchDir('specgate-partials-');
    const files = [path.join(out, 'partial-1.json'), path.join(out, 'partial-2.json')];

    const { dir: alone } = await fixtureRepo('demo');
    single = await runCli(['gate', ...QUEUE, '--no-cache', '--json', '--config', config], {
      cwd: alone,
      env: { RUNNER: 'single' },
    });
    whole = JSON.parse(single.stdout) as PipelineResult;

    shards = await Promise.all(
      [1, 2].map((index) =>
        runCli(['gate', ...QUEUE, '--shard', `${index}/2`, '--json', '--config', config], {
          cwd: dir,
          env: { RUNNER: `shard-${index}` },
        }),
      ),
    );
    shards.forEach((shard, i) => fs.writeFileSync(files[i], shard.stdout));
    partials = shards.map((shard) => JSON.parse(shard.stdout) as PartialResult);
    merge = await runCli(['report', 'merge', ...files, '--json', '--config', config], {
      cwd: dir,
      env: { RUNNER: 'merge' },
    });
    merged = JSON.parse(merge.stdout) as PipelineResult;
  });

  it('merges to the verdict a single --no-cache run gives, the timeout reported as TIMED_OUT', () => {
    expect(shards.map((shard) => shard.status)).to.deep.equal([0, 0]);
    expect(merge.status, merge.stderr).to.equal(single.status);
    expect(essence(merged)).to.deep.equal(essence(whole));
    const job = (result: PipelineResult, change: string, name: string) =>
      result.changes.find((c) => c.id === change)!.jobs.find((j) => j.name === name)!;
    expect(job(merged, 'shout-greeting', 'slow').result).to.equal('TIMED_OUT');
    expect(job(merged, 'add-farewell', 'slow').result).to.equal('SUCCESS');
    expect(job(merged, 'add-farewell', 'live').result).to.equal('SUCCESS');
  });

  it('runs every job process once in all, across the shards and the merge', () => {
    const ran = ranHere();
    expect(
      ran.filter((line, i) => ran.indexOf(line) !== i),
      'ran twice',
    ).to.deep.equal([]);
    // Each job of each tested state: the shards' states and the one the merge tested behind the rejected change.
    const here = merged.changes.filter((c) => c.jobs.some((j) => !j.cached));
    const tested = [
      ...partials.flatMap(unitJobs),
      ...here.flatMap((c) => c.jobs.map((j) => `${j.name}|${c.id}|${c.includes.join(' ')}`)),
    ];
    expect(ran).to.deep.equal([...new Set(tested)].sort());
    expect(ran).to.include('live|add-farewell|add-farewell');
    expect(ran).to.include('slow|shout-greeting|add-farewell shout-greeting');
    // The shards' 12 job results (six jobs on two states) come from the partials, cache: false and timeout included.
    expect(merge.stderr).to.contain(
      'report merge: 2 shards; 12 job results taken from them or the cache, 6 jobs run here',
    );
  });

  it("hands on, in the partials' results, the TIMED_OUT and cache: false results as transient", () => {
    const results = partials.flatMap((p) => p.results);
    const transient = results
      .filter((r) => r.transient === true)
      .map((r) => `${r.job}/${r.run.result}`)
      .sort();
    expect(transient).to.deep.equal([
      'live/SUCCESS',
      'live/SUCCESS',
      'live/SUCCESS',
      'live/SUCCESS',
      'slow/TIMED_OUT',
    ]);
    expect(
      results
        .filter((r) => r.transient !== true)
        .every((r) => r.job !== 'live' && r.run.result !== 'TIMED_OUT'),
    ).to.equal(true);
  });

  it('keeps in refs/notes/specgate neither a TIMED_OUT nor anything of the cache: false job', () => {
    const states = [
      ...partials.flatMap((p) => p.units.map((u) => [u.change, u.speculativeSha])),
      ...merged.changes.filter((c) => c.jobs.some((j) => !j.cached)).map((c) => [c.id, c.speculativeSha!]),
    ];
    const trees = new Map(
      states.map(([change, sha]) => [git(dir, 'rev-parse', `${sha}^{tree}`).trim(), change]),
    );
    expect(trees.size).to.equal(5);
    const noted = git(dir, 'notes', '--ref', 'specgate', 'list')
      .split('\n')
      .filter(Boolean)
      .map((line) => line.split(' ')[1]);
    expect(noted.sort()).to.deep.equal([...trees.keys()].sort());
    for (const [tree, change] of trees) {
      const lines = git(dir, 'notes', '--ref', 'specgate', 'show', tree)
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as { job: string; result: string });
      expect(
        lines.filter((line) => line.job === 'live' || line.result === 'TIMED_OUT'),
        change,
      ).to.deep.equal([]);
      // The rest is kept: slow too, where it finished in time.
      const kept = change === 'shout-greeting' ? JOBS : [...JOBS, 'slow'];
      expect(lines.map((line) => line.job).sort(), change).to.deep.equal([...kept].sort());
    }
  });
});

describe('sharded run whose inputs moved before the merge', () => {
  it('refuses when the target branch moved between the shards and the merge, naming it', async () => {
    const { dir, tips } = await fixtureRepo('demo');
    const config = shardedJobs(path.join(scratchDir(), 'runs'));
    const files = await Promise.all(
      [1, 2].map(async (index) => {
        const run = await runCli(
          ['gate', 'add-farewell', '--shard', `${index}/2`, '--json', '--config', config],
          { cwd: dir },
        );
        expect(run.status, run.stderr).to.equal(0);
        const file = path.join(scratchDir(), `partial-${index}.json`);
        fs.writeFileSync(file, run.stdout);
        return file;
      }),
    );
    // Someone merges another change meanwhile (a fast-forward of main).
    git(dir, 'update-ref', 'refs/heads/main', tips['shout-greeting'], tips.main);
    const run = await runCli(['report', 'merge', ...files, '--json', '--config', config], { cwd: dir });
    expectRefusal(
      run,
      `target main is at ${tips['shout-greeting'].slice(0, 12)} here but the shards tested ${tips.main.slice(0, 12)}`,
    );
  });

  it('refuses when a change moved, naming it', async () => {
    const { dir, tips } = await fixtureRepo('demo');
    const config = shardedJobs(path.join(scratchDir(), 'runs'));
    const run = await runCli(
      ['gate', 'add-farewell', 'shout-greeting', '--shard', '1/1', '--json', '--config', config],
      { cwd: dir },
    );
    const file = path.join(scratchDir(), 'partial-1.json');
    fs.writeFileSync(file, run.stdout);
    const amended = git(
      dir,
      'commit-tree',
      `${tips['shout-greeting']}^{tree}`,
      '-p',
      tips.main,
      '-m',
      'Greet in capitals, amended',
    ).trim();
    git(dir, 'update-ref', 'refs/heads/shout-greeting', amended);
    expectRefusal(
      await runCli(['report', 'merge', file, '--config', config], { cwd: dir }),
      /change shout-greeting is at [0-9a-f]{12} here/,
    );
  });

  it('refuses when the configuration changed', async () => {
    const { dir } = await fixtureRepo('demo');
    const counter = path.join(scratchDir(), 'runs');
    const run = await runCli(
      ['gate', 'add-farewell', '--shard', '1/1', '--json', '--config', shardedJobs(counter)],
      { cwd: dir },
    );
    const file = path.join(scratchDir(), 'partial-1.json');
    fs.writeFileSync(file, run.stdout);
    const changed = configFile(`jobs:\n  build:\n    run: "true"\n`);
    expectRefusal(
      await runCli(['report', 'merge', file, '--config', changed], { cwd: dir }),
      'configuration',
    );
  });
});

describe('check --shard auto', () => {
  it("takes its place from GitLab's CI_NODE_INDEX and CI_NODE_TOTAL", async () => {
    const { dir } = await fixtureRepo('demo');
    const config = shardedJobs(path.join(scratchDir(), 'runs'));
    const place = async (index: string) => {
      const run = await runCli(
        ['check', 'add-farewell', 'shout-greeting', '--shard', 'auto', '--json', '--config', config],
        {
          cwd: dir,
          env: { CI_NODE_INDEX: index, CI_NODE_TOTAL: '2' },
        },
      );
      expect(run.status, run.stderr).to.equal(0);
      const partial = JSON.parse(run.stdout) as PartialResult;
      expect(partial.mode).to.equal('check');
      return partial.partial.shard;
    };
    expect(await place('1')).to.deep.equal({ index: 1, total: 2 });
    expect(await place('2')).to.deep.equal({ index: 2, total: 2 });
  });
});

describe('report merge --merge --tag: release gating after a sharded gate', () => {
  it('moves the target to the last accepted state and, with a change rejected, tags nothing, as gate --merge --tag would', async () => {
    const { dir } = await fixtureRepo('demo');
    const config = shardedJobs(path.join(scratchDir(), 'runs'));
    const out = scratchDir('specgate-partials-');
    const files = [1, 2].map((index) => path.join(out, `partial-${index}.json`));
    const before = git(dir, 'rev-parse', 'main').trim();
    const shards = await Promise.all(
      [1, 2].map((index) =>
        runCli(['gate', ...QUEUE, '--shard', `${index}/2`, '--json', '--config', config], {
          cwd: dir,
          env: { RUNNER: `shard-${index}` },
        }),
      ),
    );
    shards.forEach((shard, i) => fs.writeFileSync(files[i], shard.stdout));
    expect(git(dir, 'rev-parse', 'main').trim(), 'a shard moves nothing').to.equal(before);

    const merge = await runCli(
      ['report', 'merge', ...files, '--merge', '--tag', 'v1.0.0', '--json', '--config', config],
      { cwd: dir, env: { RUNNER: 'merge' } },
    );
    expect(merge.status, merge.stderr).to.equal(1); // shout-greeting is rejected; the accepted ones still merge
    const result = JSON.parse(merge.stdout) as PipelineResult & {
      merged?: { from: string; to: string; changes: string[] };
      tagged?: { sha: string };
    };
    const last = result.changes.filter((change) => change.result === 'SUCCESS').at(-1)!;
    expect(last.id).to.equal('farewell-polite');
    expect(result.merged).to.deep.include({ from: before, to: last.speculativeSha });
    expect(git(dir, 'rev-parse', 'main').trim()).to.equal(last.speculativeSha);
    // --tag names a release where every change passed: with shout-greeting rejected, no tag, and why.
    expect(git(dir, 'tag', '--list')).to.equal('');
    expect(result.tagged).to.equal(undefined);
    const rejected = result.changes.filter((change) => change.result !== 'SUCCESS').map((c) => c.id);
    expect(rejected).to.include('shout-greeting');
    expect((result as { notTagged?: unknown }).notTagged).to.deep.equal({ name: 'v1.0.0', rejected });
    expect(merge.stderr).to.contain(
      `not tagged v1.0.0: ${rejected.length} changes were rejected (${rejected.join(', ')})`,
    );
  });

  it('refuses --merge for the shards of a check, and after the verdict a tag that exists elsewhere', async () => {
    const { dir } = await fixtureRepo('demo');
    const config = shardedJobs(path.join(scratchDir(), 'runs'));
    const out = scratchDir('specgate-partials-');
    const file = path.join(out, 'partial-1.json');
    const check = await runCli(['check', 'add-farewell', '--shard', '1/1', '--json', '--config', config], {
      cwd: dir,
      env: { RUNNER: 'check' },
    });
    fs.writeFileSync(file, check.stdout);
    expectRefusal(
      await runCli(['report', 'merge', file, '--merge', '--config', config], { cwd: dir }),
      /--merge: the partial results are of a check/,
    );

    const gate = await runCli(['gate', 'add-farewell', '--shard', '1/1', '--json', '--config', config], {
      cwd: dir,
      env: { RUNNER: 'gate' },
    });
    fs.writeFileSync(file, gate.stdout);
    git(dir, 'tag', 'v1.0.0', 'main');
    const tagged = await runCli(['report', 'merge', file, '--tag', 'v1.0.0', '--config', config], {
      cwd: dir,
    });
    expect(tagged.status, tagged.stderr).to.equal(2);
    expect(tagged.stdout).to.contain('Verdict: SUCCESS');
    expect(tagged.stderr).to.contain(
      `specgate: tag v1.0.0 already exists at ${git(dir, 'rev-parse', 'main').trim().slice(0, 12)}`,
    );
    expect(git(dir, 'rev-parse', 'v1.0.0').trim()).to.equal(git(dir, 'rev-parse', 'main').trim());
  });
});
