import { expect } from 'chai';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { PipelineResult } from '../../src/core/types.js';
import { configFile, fixtureRepo, scratchDir } from '../helpers/fixture-repo.js';
import { git } from '../helpers/git.js';
import { BIN, runCli } from '../helpers/run-cli.js';
import { snapshotRepository } from '../helpers/snapshot-repository.js';

type ReleaseResult = PipelineResult & {
  merged?: { ref: string; from: string; to: string; changes: string[] };
  tagged?: { ref: string; name: string; sha: string };
};

const QUEUE = ['add-farewell', 'shout-greeting', 'farewell-polite'];
const isAncestor = (dir: string, a: string, b: string) =>
  spawnSync('git', ['merge-base', '--is-ancestor', a, b], { cwd: dir }).status === 0;
const speculative = (json: PipelineResult, id: string) =>
  json.changes.find((change) => change.id === id)!.speculativeSha!;

describe('specgate gate --merge / --tag (release gating)', function () {
  it('moves main, not checked out, to the last accepted state; the rejected change stays out (exit 1)', async () => {
    const { dir, tips } = await fixtureRepo('demo');
    git(dir, 'checkout', '-q', '--detach', 'main');
    const before = snapshotRepository(dir);
    const run = await runCli(['gate', ...QUEUE, '--merge', '--json'], { cwd: dir });
    expect(run.status, run.stderr).to.equal(1);
    const json = JSON.parse(run.stdout) as ReleaseResult;
    const to = speculative(json, 'farewell-polite');
    expect(json.merged).to.deep.equal({
      ref: 'refs/heads/main',
      from: tips.main,
      to,
      changes: ['add-farewell', 'farewell-polite'],
    });
    expect(git(dir, 'rev-parse', 'main').trim()).to.equal(to);
    expect(git(dir, 'log', '--merges', '--format=%s', 'main').trim().split('\n')).to.have.length(2);
    expect(isAncestor(dir, 'add-farewell', 'main')).to.equal(true);
    expect(isAncestor(dir, 'farewell-polite', 'main')).to.equal(true);
    expect(isAncestor(dir, 'shout-greeting', 'main')).to.equal(false);
    expect(isAncestor(dir, tips.main, 'main')).to.equal(true);
    expect(git(dir, 'reflog', '--format=%gs', 'main').split('\n')[0]).to.equal('specgate: gate --merge');
    // Only main moved: HEAD (detached), index, working tree and every other ref are as they were.
    const after = snapshotRepository(dir);
    expect({ ...after, refs: '' }).to.deep.equal({ ...before, refs: '' });
    expect(after.refs.replace(to, tips.main)).to.equal(before.refs);
    git(dir, 'fsck', '--no-progress');
  });

  it('fast-forwards a clean checkout of main as git merge --ff-only would', async () => {
    const { dir, tips } = await fixtureRepo('demo');
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'untracked, and allowed\n');
    const run = await runCli(['gate', ...QUEUE, '--merge'], { cwd: dir });
    expect(run.status, run.stderr).to.equal(1);
    const main = git(dir, 'rev-parse', 'main').trim();
    expect(main).to.not.equal(tips.main);
    expect(run.stdout).to.contain(
      `main: ${tips.main.slice(0, 12)} → ${main.slice(0, 12)} (merged add-farewell, farewell-polite)`,
    );
    expect(fs.readFileSync(path.join(dir, '.git', 'HEAD'), 'utf8').trim()).to.equal('ref: refs/heads/main');
    expect(git(dir, 'status', '--porcelain')).to.equal('?? notes.txt\n');
    expect(git(dir, 'diff', '--exit-code', 'main')).to.equal('');
    expect(fs.readFileSync(path.join(dir, 'farewell.sh'), 'utf8')).to.contain('Come back soon.');
    expect(fs.statSync(path.join(dir, 'farewell.sh')).mode & 0o111).to.not.equal(0);
    expect(git(dir, 'show', 'main:greet.sh')).to.equal(fs.readFileSync(path.join(dir, 'greet.sh'), 'utf8'));
  });

  it('refuses a dirty checkout of main before running anything (exit 2, nothing changed)', async () => {
    const { dir } = await fixtureRepo('demo');
    fs.appendFileSync(path.join(dir, 'README.md'), 'local edit\n');
    const before = snapshotRepository(dir);
    const run = await runCli(['gate', ...QUEUE, '--merge'], { cwd: dir });
    expect(run.status).to.equal(2);
    expect(run.stderr).to.match(
      /^specgate: error: --merge: main is checked out in .* with uncommitted changes: README\.md; nothing was run\. Try this: commit or stash them, or run --merge from another branch/,
    );
    expect(run.stdout).to.equal('');
    expect(snapshotRepository(dir)).to.deep.equal(before);
  });

  it('changes nothing when main moved during the gate, and says so after the verdict (exit 2)', async () => {
    const { dir, tips } = await fixtureRepo('demo');
    git(dir, 'checkout', '-q', '--detach', 'main');
    const other = tips['reword-usage'];
    const config = configFile(
      [
        'jobs:',
        '  push-elsewhere:',
        '    run: git -C "$REPO" update-ref refs/heads/main "$OTHER" || true',
        `    env: { REPO: ${JSON.stringify(dir)}, OTHER: "${other}" }`,
      ].join('\n'),
    );
    const run = await runCli(['gate', 'add-farewell', '--merge', '--tag', 'v9', '--config', config], {
      cwd: dir,
    });
    expect(run.status, run.stderr).to.equal(2);
    expect(run.stdout).to.contain('Verdict: SUCCESS');
    expect(run.stderr).to.contain(
      `specgate: main moved from ${tips.main.slice(0, 12)} to ${other.slice(0, 12)} during the gate; nothing merged or tagged`,
    );
    expect(git(dir, 'rev-parse', 'main').trim()).to.equal(other);
    expect(git(dir, 'tag', '--list')).to.equal('');
  });

  it('--tag creates a lightweight tag at the last accepted state and moves no branch', async () => {
    const { dir, tips } = await fixtureRepo('demo');
    const run = await runCli(['gate', 'add-farewell', '--tag', 'v1', '--json'], { cwd: dir });
    expect(run.status, run.stderr).to.equal(0);
    const json = JSON.parse(run.stdout) as ReleaseResult;
    const sha = speculative(json, 'add-farewell');
    expect(json.tagged).to.deep.equal({ ref: 'refs/tags/v1', name: 'v1', sha });
    expect(json.merged).to.equal(undefined);
    expect(git(dir, 'cat-file', '-t', 'v1').trim()).to.equal('commit');
    expect(git(dir, 'rev-parse', 'v1').trim()).to.equal(sha);
    expect(git(dir, 'rev-parse', 'main').trim()).to.equal(tips.main);
    expect(git(dir, 'status', '--porcelain')).to.equal('');
  });

  it('a target that is not a local branch is refused before running; a tag elsewhere after the verdict (exit 2)', async () => {
    const { dir } = await fixtureRepo('demo');
    git(dir, 'tag', 'v0', 'main');
    git(dir, 'update-ref', 'refs/remotes/origin/main', 'main');
    const before = snapshotRepository(dir);
    const tagged = await runCli(['gate', 'add-farewell', '--tag', 'v0', '--merge'], { cwd: dir });
    expect(tagged.status).to.equal(2);
    expect(tagged.stdout).to.contain('Verdict: SUCCESS');
    expect(tagged.stderr).to.match(
      new RegExp(
        `specgate: tag v0 already exists at ${git(dir, 'rev-parse', 'v0').trim().slice(0, 12)}, not at [0-9a-f]{12}; nothing merged or tagged`,
      ),
    );
    const remote = await runCli(['gate', 'add-farewell', '-t', 'origin/main', '--merge'], { cwd: dir });
    expect(remote.status).to.equal(2);
    expect(remote.stderr).to.contain("target 'origin/main' is a remote-tracking branch");
    const tag = await runCli(['gate', 'add-farewell', '-t', 'v0', '--merge'], { cwd: dir });
    expect(tag.status).to.equal(2);
    expect(tag.stderr).to.contain("target 'v0' is a tag");
    expect(snapshotRepository(dir)).to.deep.equal(before);
  });

  it('a re-run that would put the same tag on the same commit is a no-op (exit 0)', async () => {
    const { dir } = await fixtureRepo('demo');
    git(dir, 'checkout', '-q', '--detach', 'main');
    const first = await runCli(['gate', 'add-farewell', '--merge', '--tag', 'v1'], { cwd: dir });
    expect(first.status, first.stderr).to.equal(0);
    const main = git(dir, 'rev-parse', 'main').trim();
    expect(git(dir, 'rev-parse', 'v1').trim()).to.equal(main);
    const before = snapshotRepository(dir);
    const again = await runCli(['gate', 'add-farewell', '--merge', '--tag', 'v1'], { cwd: dir });
    expect(again.status, again.stderr).to.equal(0);
    expect(again.stdout).to.contain(`main: already up to date at ${main.slice(0, 12)}`);
    expect(again.stdout).to.contain(`tag v1 already at ${main.slice(0, 12)}`);
    expect(again.stdout).to.not.contain('→');
    expect(snapshotRepository(dir)).to.deep.equal(before);
  });

  it('a release re-run after dropping the bad candidate tags the state main already holds', async () => {
    const { dir } = await fixtureRepo('demo');
    git(dir, 'checkout', '-q', '--detach', 'main');
    const first = await runCli(
      ['gate', 'add-farewell', 'shout-greeting', 'farewell-polite', '--merge', '--tag', 'v15.0.1'],
      { cwd: dir },
    );
    expect(first.status, first.stderr).to.equal(1);
    expect(git(dir, 'tag', '--list')).to.equal('');
    expect(first.stderr).to.contain(
      'not tagged v15.0.1: 1 change was rejected (shout-greeting); --tag needs every change to pass',
    );
    const main = git(dir, 'rev-parse', 'main').trim();

    const again = await runCli(['gate', 'add-farewell', 'farewell-polite', '--merge', '--tag', 'v15.0.1'], {
      cwd: dir,
    });
    expect(again.status, again.stderr).to.equal(0);
    expect(again.stdout).to.contain(`main: already up to date at ${main.slice(0, 12)}`);
    expect(again.stdout).to.contain(`tagged v15.0.1 at ${main.slice(0, 12)}`);
    expect(again.stdout).to.not.contain('→');
    expect(git(dir, 'rev-parse', 'main').trim()).to.equal(main);
    expect(git(dir, 'rev-parse', 'v15.0.1').trim()).to.equal(main);

    const third = await runCli(['gate', 'add-farewell', 'farewell-polite', '--merge', '--tag', 'v15.0.1'], {
      cwd: dir,
    });
    expect(third.status, third.stderr).to.equal(0);
    expect(third.stdout).to.contain(`tag v15.0.1 already at ${main.slice(0, 12)}`);
  });

  it('serves a release script: gate the candidates, push only when every one passed', async () => {
    const { dir } = await fixtureRepo('demo');
    const remote = path.join(scratchDir('specgate-remote-'), 'origin.git');
    git(dir, 'init', '-q', '--bare', remote);
    git(dir, 'remote', 'add', 'origin', remote);
    git(dir, 'push', '-q', 'origin', 'main');
    git(dir, 'checkout', '-q', '--detach', 'main');
    const script = path.join(scratchDir('specgate-script-'), 'release.sh');
    fs.writeFileSync(
      script,
      [
        '#!/bin/bash',
        '# release.sh TAG CANDIDATE...: gate the candidates onto main, then publish main and the tag.',
        'set -u',
        'tag=$1; shift',
        'if node "$SPECGATE" gate "$@" --merge --tag "$tag"; then',
        '  git push -q origin main "refs/tags/$tag"',
        'else',
        '  echo "release $tag not published" >&2',
        '  exit 1',
        'fi',
      ].join('\n'),
    );
    const release = (...args: string[]) =>
      spawnSync('bash', [script, ...args], {
        cwd: dir,
        encoding: 'utf8',
        env: { ...process.env, CI: 'true', SPECGATE: BIN },
      });
    const bad = release('v2', 'add-farewell', 'shout-greeting');
    expect(bad.status).to.equal(1);
    expect(bad.stderr).to.contain('release v2 not published');
    expect(execFileSync('git', ['tag', '--list'], { cwd: remote, encoding: 'utf8' })).to.equal('');

    expect(git(dir, 'tag', '--list')).to.equal('');
    git(dir, 'update-ref', 'refs/heads/main', 'origin/main');
    const good = release('v3', 'add-farewell', 'farewell-polite');
    expect(good.status, good.stderr).to.equal(0);
    const published = execFileSync('git', ['rev-parse', 'main', 'v3'], { cwd: remote, encoding: 'utf8' })
      .trim()
      .split('\n');
    expect(published).to.deep.equal([
      git(dir, 'rev-parse', 'main').trim(),
      git(dir, 'rev-parse', 'main').trim(),
    ]);
  });
});
