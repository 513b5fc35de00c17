import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import { configFile, fixtureRepo, scratchDir } from '../helpers/fixture-repo.js';
import { runCli, type CliRun } from '../helpers/run-cli.js';
import { snapshotRepository } from '../helpers/snapshot-repository.js';

/** Bad input: exit 2, one line per problem on stderr naming the culprit, no stack trace, nothing on stdout. */
function expectBadInput(run: CliRun, culprit: RegExp): void {
  expect(run.status, run.stderr).to.equal(2);
  expect(run.stderr).to.match(culprit);
  expect(run.stderr).not.to.match(/\n\s+at |Error: /);
  expect(run.stdout).to.equal('');
}

describe('bad input', () => {
  let dir: string;
  before(async () => {
    ({ dir } = await fixtureRepo('demo'));
  });

  it('names an unknown change', async () => {
    const run = await runCli(['gate', 'add-farewell', 'no-such-branch'], { cwd: dir });
    expectBadInput(run, /^specgate: error: unknown revision 'no-such-branch'/);
    expect(run.stderr.trim().split('\n')).to.have.length(1);
  });

  it('names an unknown target', async () => {
    expectBadInput(
      await runCli(['check', 'add-farewell', '--target', 'trunk'], { cwd: dir }),
      /unknown target 'trunk'/,
    );
  });

  it('says when the directory is not a git repository', async () => {
    const outside = scratchDir();
    expectBadInput(await runCli(['check'], { cwd: outside }), new RegExp(`not a git repository.*${outside}`));
    expectBadInput(
      await runCli(['plan', '-C', path.join(outside, 'missing')], { cwd: dir }),
      /no such directory/,
    );
  });

  it('names the file and every bad key of a broken configuration', async () => {
    const file = configFile('jobs:\n  unit:\n    run: true\n    timeout: soon\n  lint: {}\nfoo: 1\n');
    const run = await runCli(['gate', 'add-farewell', '--config', file], { cwd: dir });
    expectBadInput(run, /specgate\.yml: jobs\.unit\.timeout: expected a number of seconds/);
    expect(run.stderr).to.contain('specgate.yml: foo: unknown key');
    expect(run.stderr).to.contain('specgate.yml: jobs.lint.run: missing');
  });

  it('names a configuration file that does not parse', async () => {
    const file = configFile('jobs: [unclosed\n');
    const run = await runCli(['gate', 'add-farewell', '--config', file], { cwd: dir });
    // The file, and what is wrong with it where.
    expectBadInput(run, /cannot read .*specgate\.yml: .*specgate\.yml.*\(\d+:\d+\)/);
  });

  it('rejects an unknown flag, an unknown --jobs name and a change queued twice', async () => {
    const flag = await runCli(['gate', 'add-farewell', '--frobnicate'], { cwd: dir });
    expect(flag.status).to.equal(2);
    expect(flag.stderr).to.contain('--frobnicate');
    expectBadInput(
      await runCli(['gate', 'add-farewell', '--jobs', 'nope'], { cwd: dir }),
      /--jobs: unknown job 'nope' \(jobs: lint, test\)/,
    );
    expectBadInput(
      await runCli(['gate', 'add-farewell', 'add-farewell'], { cwd: dir }),
      /change 'add-farewell' is queued twice/,
    );
  });

  it("keeps oclif's own usage errors to one line, exit 2, pointing at the command's help", async () => {
    for (const [args, line] of [
      [['gate'], "specgate: error: Missing 1 required arg: changes. Try this: see 'specgate gate --help'"],
      [
        ['checkout', 'add-farewell'],
        "specgate: error: Missing required flag dir. Try this: see 'specgate checkout --help'",
      ],
      [
        ['gate', 'add-farewell', '--strategy', 'nope'],
        "specgate: error: Expected --strategy=nope to be one of: speculative, batch. Try this: see 'specgate gate --help'",
      ],
    ] as const) {
      const run = await runCli([...args], { cwd: dir });
      expect(run.status, args.join(' ')).to.equal(2);
      expect(run.stderr).to.equal(`${line}\n`);
      expect(run.stdout).to.equal('');
    }
    const json = await runCli(['gate', '--json'], { cwd: dir });
    expect(json.status).to.equal(2);
    expect(JSON.parse(json.stdout).error).to.include({
      code: 'BAD_USAGE',
      message: 'Missing 1 required arg: changes',
    });
  });

  it('reports the error as JSON on stdout with --json', async () => {
    const run = await runCli(['gate', 'nope', '--json'], { cwd: dir });
    expect(run.status).to.equal(2);
    expect(JSON.parse(run.stdout)).to.deep.equal({
      error: {
        code: 'UNKNOWN_REF',
        message: "unknown revision 'nope': not a branch, tag or commit of this repository",
        suggestion: 'check the name with `git branch -a` or `git log`',
      },
    });
  });

  it('gives what to do in both outputs: on the error line for people, as `suggestion` in --json', async () => {
    const file = path.join(scratchDir(), 'a-file');
    fs.writeFileSync(file, '');
    // From the git layer, a workflow and oclif's parser: one suggestion each, the same text in both outputs.
    for (const args of [['gate', 'nope'], ['checkout', 'add-farewell', '--dir', file], ['gate']]) {
      const human = await runCli(args, { cwd: dir });
      const json = await runCli([...args, '--json'], { cwd: dir });
      expect([human.status, json.status], args.join(' ')).to.deep.equal([2, 2]);
      const { error } = JSON.parse(json.stdout) as {
        error: { code: string; message: string; suggestion?: string };
      };
      expect(error.suggestion, args.join(' ')).to.be.a('string').and.not.equal('');
      expect(human.stderr).to.equal(`specgate: error: ${error.message}. Try this: ${error.suggestion}\n`);
    }
  });

  it('loses nothing: the repository is unchanged after bad input', async () => {
    const before = snapshotRepository(dir);
    await runCli(['gate', 'add-farewell', 'no-such-branch'], { cwd: dir });
    expect(snapshotRepository(dir)).to.deep.equal(before);
  });
});
