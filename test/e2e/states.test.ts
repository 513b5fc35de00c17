import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import type { PipelineResult } from '../../src/core/types.js';
import { configFile, fixtureRepo, scratchDir } from '../helpers/fixture-repo.js';
import { git } from '../helpers/git.js';
import { runCli } from '../helpers/run-cli.js';

/** A job that records what it sees of its state into $OUT/<change>/, which outlives the state directory. */
const INSPECT = `
jobs:
  inspect:
    env: { OUT: "%OUT%" }
    run: |
      set -e
      o="$OUT/$SPECGATE_CHANGE"; mkdir -p "$o"
      env | grep '^SPECGATE' | sort > "$o/env"
      pwd > "$o/pwd"
      git rev-parse HEAD > "$o/head"
      git status --porcelain > "$o/status"
      git ls-files -s > "$o/ls-files"
      find .git/objects -type f > "$o/objects"
      ls -l run.sh tool.sh 2>/dev/null | cut -c1-10 > "$o/modes" || true
      readlink link-to-file > "$o/link" 2>/dev/null || true
`;

describe('state directories', () => {
  let dir: string;
  let out: string;
  let json: PipelineResult;

  before(async () => {
    ({ dir } = await fixtureRepo('file-kinds'));
    out = scratchDir('specgate-out-');
    const config = configFile(INSPECT.replace('%OUT%', out));
    const run = await runCli(['check', 'feature', '--json', '--config', config], { cwd: dir });
    expect(run.status, run.stderr).to.equal(0);
    json = JSON.parse(run.stdout) as PipelineResult;
  });

  const seen = (file: string) => fs.readFileSync(path.join(out, 'feature', file), 'utf8');

  it('are clean git checkouts of the speculative commit', () => {
    const sha = json.changes[0].speculativeSha!;
    expect(seen('head').trim()).to.equal(sha);
    expect(seen('status')).to.equal('');
    expect(seen('ls-files')).to.equal(
      git(dir, 'ls-tree', '-r', '--format=%(objectmode) %(objectname) 0\t%(path)', sha),
    );
  });

  it('borrow the repository objects instead of copying them', () => {
    expect(seen('objects').trim().split('\n')).to.deep.equal(['.git/objects/info/alternates']);
  });

  it('keep executable bits and symlinks', () => {
    expect(seen('modes').trim().split('\n')).to.deep.equal(['-rw-r--r--', '-rwxr-xr-x']);
    expect(seen('link').trim()).to.equal('docs/guide.md');
  });

  it('give jobs the SPECGATE_* environment of the contract', () => {
    const env = Object.fromEntries(
      seen('env')
        .trim()
        .split('\n')
        .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
    );
    const change = json.changes[0];
    expect(env).to.include({
      SPECGATE: '1',
      SPECGATE_CHANGE: 'feature',
      SPECGATE_CHANGE_SHA: change.sha,
      SPECGATE_CHANGES: 'feature',
      SPECGATE_TARGET: 'main',
      SPECGATE_TARGET_SHA: json.target.sha,
      SPECGATE_SPECULATIVE_SHA: change.speculativeSha,
      SPECGATE_JOB: 'inspect',
      SPECGATE_WORKSPACE: seen('pwd').trim(),
    });
    expect(env.SPECGATE_RETURN).to.be.a('string');
  });

  it('are removed after the run unless --keep', () => {
    expect(fs.existsSync(seen('pwd').trim())).to.equal(false);
  });

  it('are kept with --keep in --work-dir, and the summary says where', async () => {
    const work = scratchDir('specgate-work-');
    const config = configFile(INSPECT.replace('%OUT%', scratchDir()));
    const run = await runCli(['check', 'feature', '--keep', '--work-dir', work, '--config', config], {
      cwd: dir,
    });
    expect(run.status, run.stderr).to.equal(0);
    const kept = fs.readdirSync(work).map((name) => path.join(work, name));
    expect(kept).to.have.length(1);
    expect(run.stdout).to.contain(kept[0]);
    expect(git(kept[0], 'status', '--porcelain')).to.equal('');
  });
});

describe('specgate checkout', () => {
  it('writes the state of the last change, with the queue ahead of it, as a clean checkout', async () => {
    const { dir } = await fixtureRepo('demo');
    const target = path.join(scratchDir(), 'state');
    const run = await runCli(['checkout', 'add-farewell', 'farewell-polite', '--dir', target, '--json'], {
      cwd: dir,
    });
    expect(run.status, run.stderr).to.equal(0);
    const result = JSON.parse(run.stdout) as { speculativeSha: string; includes: string[] };
    expect(result.includes).to.deep.equal(['add-farewell', 'farewell-polite']);
    expect(git(target, 'rev-parse', 'HEAD').trim()).to.equal(result.speculativeSha);
    expect(git(target, 'status', '--porcelain')).to.equal('');
    expect(fs.readFileSync(path.join(target, 'farewell.sh'), 'utf8')).to.contain('Come back soon.');
  });

  it('refuses a non-empty directory and says why a change has no state', async () => {
    const { dir } = await fixtureRepo('demo');
    const busy = scratchDir();
    fs.writeFileSync(path.join(busy, 'keep-me'), 'x');
    const refused = await runCli(['checkout', 'add-farewell', '--dir', busy], { cwd: dir });
    expect(refused.status).to.equal(2);
    expect(refused.stderr).to.contain(busy);
    expect(fs.readdirSync(busy)).to.deep.equal(['keep-me']);

    const conflict = await runCli(
      ['checkout', 'add-farewell', 'reword-usage', '--dir', path.join(scratchDir(), 's')],
      { cwd: dir },
    );
    expect(conflict.status).to.equal(1);
    expect(conflict.stderr).to.contain('MERGE_CONFLICT');
  });
});
