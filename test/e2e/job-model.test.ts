import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import type { PipelineResult } from '../../src/core/types.js';
import { configFile, fixtureRepo, scratchDir } from '../helpers/fixture-repo.js';
import { runCli } from '../helpers/run-cli.js';

const jobsOf = (result: PipelineResult, id: string) =>
  result.changes.find((c) => c.id === id)!.jobs.map((j) => [j.name, j.result, j.message ?? '']);

describe('the job model in check and gate', () => {
  let dir: string;
  before(async () => {
    ({ dir } = await fixtureRepo('demo'));
  });

  it('runs a job only for changes that touch its files, and skips it with the reason otherwise', async () => {
    const config = configFile(`
jobs:
  shell-tests:
    run: ./tests/run.sh
    files: ["**/*.sh"]
  docs:
    run: "true"
    irrelevant-files: ["**/*.sh"]
`);
    const run = await runCli(['check', 'shout-greeting', 'reword-usage', '--json', '--config', config], {
      cwd: dir,
    });
    const result = JSON.parse(run.stdout) as PipelineResult;
    // shout-greeting edits greet.sh only: its tests run (and fail), docs are irrelevant.
    expect(jobsOf(result, 'shout-greeting')).to.deep.equal([
      ['shell-tests', 'FAILURE', 'exited with status 1'],
      ['docs', 'SKIPPED', 'every changed file matches irrelevant-files (**/*.sh)'],
    ]);
    // reword-usage edits README.md only: no shell test applies.
    expect(jobsOf(result, 'reword-usage')).to.deep.equal([
      ['docs', 'SUCCESS', ''],
      ['shell-tests', 'SKIPPED', 'no changed file matches files (**/*.sh)'],
    ]);
    expect(run.status).to.equal(1);
  });

  it('passes a change to which no job applies, without checking it out, and says that nothing ran', async () => {
    const config = configFile('jobs:\n  shell-tests:\n    run: exit 1\n    files: ["**/*.sh"]\n');
    const run = await runCli(['gate', 'reword-usage', '--json', '--config', config], { cwd: dir });
    expect(run.status, run.stderr).to.equal(0);
    const change = (JSON.parse(run.stdout) as PipelineResult).changes[0];
    expect(change.message).to.equal('no job applies; nothing ran (1 skipped)');
  });

  it('prepares each workspace from a cache keyed by file content: one run for states with the same key', async () => {
    const counter = path.join(scratchDir(), 'prepare-runs');
    const config = configFile(`
prepare:
  - run: mkdir -p deps && cp greet.sh deps/greet-copy && echo run >> "${counter}"
    key: [greet.sh]
    paths: [deps]
jobs:
  uses-deps:
    run: test -f deps/greet-copy && cmp deps/greet-copy greet.sh
`);
    const run = await runCli(
      [
        'gate',
        'add-farewell',
        'reword-usage',
        'farewell-polite',
        'shout-greeting',
        '--json',
        '--config',
        config,
      ],
      { cwd: dir },
    );
    const result = JSON.parse(run.stdout) as PipelineResult;
    // Three changes leave greet.sh alone and share one key; shout-greeting edits it and gets its own run.
    expect(result.changes.map((c) => [c.id, c.result])).to.deep.equal([
      ['add-farewell', 'SUCCESS'],
      ['reword-usage', 'MERGE_CONFLICT'],
      ['farewell-polite', 'SUCCESS'],
      ['shout-greeting', 'SUCCESS'],
    ]);
    expect(fs.readFileSync(counter, 'utf8').trim().split('\n')).to.have.length(2);
    // A second run, whose jobs all run again (--no-cache), is prepared from the preparation cache entirely.
    const again = await runCli(
      ['gate', 'add-farewell', 'shout-greeting', '--json', '--no-cache', '--config', config],
      { cwd: dir },
    );
    const rerun = JSON.parse(again.stdout) as PipelineResult;
    expect(
      rerun.changes.map((c) => [c.id, c.result, c.jobs.map((j) => [j.name, j.result, j.cached])]),
    ).to.deep.equal([
      ['add-farewell', 'SUCCESS', [['uses-deps', 'SUCCESS', false]]],
      ['shout-greeting', 'SUCCESS', [['uses-deps', 'SUCCESS', false]]],
    ]);
    expect(fs.readFileSync(counter, 'utf8').trim().split('\n')).to.have.length(2);
  });

  it('fails the states whose preparation fails, naming the step and its log', async () => {
    const config = configFile(`
prepare:
  - run: echo "cannot install" >&2; exit 3
    key: [greet.sh]
    paths: [deps]
jobs:
  unit: { run: "true" }
`);
    const run = await runCli(['check', 'add-farewell', '--json', '--config', config], { cwd: dir });
    expect(run.status).to.equal(1);
    const change = (JSON.parse(run.stdout) as PipelineResult).changes[0];
    expect(change.result).to.equal('FAILURE');
    const prepare = change.jobs.find((j) => j.name === 'prepare')!;
    expect(prepare.result).to.equal('FAILURE');
    expect(prepare.message).to.match(
      /^prepare step ".*cannot install.*" failed \(exited with status 3\); log: /,
    );
    expect(fs.readFileSync(prepare.log!, 'utf8')).to.contain('cannot install');
    expect(change.jobs.find((j) => j.name === 'unit')).to.include({
      result: 'SKIPPED',
      message: 'the workspace could not be prepared',
    });
  });
});

describe('job results and returned data, with real jobs', () => {
  let dir: string;
  before(async () => {
    ({ dir } = await fixtureRepo('demo'));
  });

  it('re-runs a failing job within its attempts, reports RETRY_LIMIT when all fail, and runs in cwd', async () => {
    const counter = path.join(scratchDir(), 'tries');
    const config = configFile(`
jobs:
  flaky:
    attempts: 3
    run: echo x >> "${counter}"; test "$(wc -l < "${counter}")" -ge 2
  hopeless:
    attempts: 2
    run: exit 1
  in-tests:
    cwd: tests
    run: test -f greet.test.sh
`);
    const result = JSON.parse(
      (await runCli(['check', 'add-farewell', '--json', '--config', config], { cwd: dir })).stdout,
    ) as PipelineResult;
    const jobs = result.changes[0].jobs.map((j) => [j.name, j.result, j.attempts]);
    expect(jobs).to.deep.equal([
      ['flaky', 'SUCCESS', 2],
      ['hopeless', 'RETRY_LIMIT', 2],
      ['in-tests', 'SUCCESS', 1],
    ]);
    expect(result.changes[0].message).to.equal('job hopeless (RETRY_LIMIT) did not succeed');
  });

  it('lets a job choose which dependents run (child_jobs) and hand them data, as zuul_return does', async () => {
    const out = scratchDir();
    const config = configFile(`
jobs:
  decide:
    run: |
      echo '{"child_jobs": ["chosen"], "data": {"answer": 42}}' > "$SPECGATE_RETURN"
  chosen:
    dependencies: [decide]
    run: cp "$SPECGATE_PARENT_DATA" "${out}/data.json"
  not-chosen:
    dependencies: [decide]
    run: "true"
  soft:
    dependencies: [{ name: not-chosen, soft: true }]
    run: "true"
`);
    const result = JSON.parse(
      (await runCli(['check', 'add-farewell', '--json', '--config', config], { cwd: dir })).stdout,
    ) as PipelineResult;
    expect(result.changes[0].jobs.map((j) => [j.name, j.result, j.message ?? ''])).to.deep.equal([
      ['decide', 'SUCCESS', ''],
      ['chosen', 'SUCCESS', ''],
      ['not-chosen', 'SKIPPED', "not chosen by decide's child_jobs"],
      ['soft', 'SUCCESS', ''],
    ]);
    expect(JSON.parse(fs.readFileSync(path.join(out, 'data.json'), 'utf8'))).to.deep.equal({ answer: 42 });
    expect(result.verdict).to.equal('SUCCESS');
  });

  it('fails a job whose return file is malformed, saying so', async () => {
    const config = configFile(`jobs:\n  bad-return:\n    run: echo 'not json' > "$SPECGATE_RETURN"\n`);
    const result = JSON.parse(
      (await runCli(['check', 'add-farewell', '--json', '--config', config], { cwd: dir })).stdout,
    ) as PipelineResult;
    expect(result.changes[0].jobs[0].result).to.equal('FAILURE');
    expect(result.changes[0].jobs[0].message).to.match(/^malformed return file /);
  });
});
