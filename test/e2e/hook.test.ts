import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fixtureRepo, scratchDir } from '../helpers/fixture-repo.js';
import { git } from '../helpers/git.js';
import { BIN, runCli } from '../helpers/run-cli.js';
import { snapshotRepository } from '../helpers/snapshot-repository.js';

/** The demo repository with a bare `origin` that has main, fetched, as a developer's clone would be. */
async function cloneLike(): Promise<{ dir: string; remote: string }> {
  const { dir } = await fixtureRepo('demo');
  const remote = path.join(scratchDir('specgate-remote-'), 'origin.git');
  git(path.dirname(remote), 'init', '-q', '--bare', remote);
  git(dir, 'remote', 'add', 'origin', remote);
  git(dir, 'push', '-q', 'origin', 'main');
  git(dir, 'fetch', '-q', 'origin');
  return { dir, remote };
}

/** A real `git push`, whose hook output git shows on stderr. */
function push(
  dir: string,
  args: string[],
  env: NodeJS.ProcessEnv = {},
): { status: number | null; output: string } {
  const run = spawnSync('git', ['push', ...args], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, CI: 'true', NO_COLOR: '', FORCE_COLOR: '0', ...env },
  });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

const remoteBranches = (remote: string) =>
  git(remote, 'ls-remote', '--heads', remote)
    .split('\n')
    .filter(Boolean)
    .map((line) => line.split('\t')[1]);

/** What the user would notice: HEAD, index, status, stash and branches (not the remote-tracking refs git updates). */
const userState = (dir: string) => {
  const { head, index, status, stash, refs } = snapshotRepository(dir);
  return {
    head,
    index,
    status,
    stash,
    branches: refs.split('\n').filter((line) => line.startsWith('refs/heads/')),
  };
};

describe('specgate hook (pre-push, with real git push)', function () {
  it("pre-push rejects input that is not git's pre-push lines (exit 2), even with no URL argument", async function () {
    const { dir } = await fixtureRepo('demo');
    const child = spawnSync(process.execPath, [BIN, 'hook', 'pre-push', 'origin'], {
      cwd: dir,
      input: 'garbage\n',
      encoding: 'utf8',
    });
    expect(child.status, child.stderr).to.equal(2);
    expect(child.stderr).to.contain('not a pre-push line');
  });

  it("pre-push falls back to the local target when the remote's was never fetched, and says so", async function () {
    const { dir, tips } = await fixtureRepo('demo');
    const input = `refs/heads/add-farewell ${tips['add-farewell']} refs/heads/add-farewell ${'0'.repeat(40)}\n`;
    const child = spawnSync(
      process.execPath,
      [BIN, 'hook', 'pre-push', 'nowhere', '/nowhere.git', '--json'],
      { cwd: dir, input, encoding: 'utf8' },
    );
    expect(child.status, child.stderr).to.equal(0);
    expect(child.stderr).to.contain('refs/remotes/nowhere/main not found');
    const outcome = JSON.parse(child.stdout) as {
      target: string;
      changes: string[];
      result: { verdict: string };
    };
    expect([outcome.target, outcome.changes, outcome.result.verdict]).to.deep.equal([
      'main',
      ['add-farewell'],
      'SUCCESS',
    ]);
  });

  describe('installed in .git/hooks', function () {
    let dir: string;
    let remote: string;
    let initial: ReturnType<typeof userState>;
    const hook = () => path.join(dir, '.git', 'hooks', 'pre-push');

    before(async function () {
      ({ dir, remote } = await cloneLike());
      initial = userState(dir);
    });

    it("installs an executable hook marked as specgate's and says where", async function () {
      const run = await runCli(['hook', 'install'], { cwd: dir });
      expect(run.status, run.stderr).to.equal(0);
      expect(run.stdout).to.contain(hook());
      const text = fs.readFileSync(hook(), 'utf8');
      expect(text).to.match(/^#!\/bin\/sh\n# specgate pre-push hook\n/);
      expect(text).to.contain(`'${process.execPath}'`);
      expect(text).to.contain(path.resolve('bin', 'run.js'));
      expect(fs.statSync(hook()).mode & 0o111).to.equal(0o111);
    });

    it('installs again idempotently', async function () {
      const first = fs.readFileSync(hook(), 'utf8');
      const run = await runCli(['hook', 'install'], { cwd: dir });
      expect(run.status, run.stderr).to.equal(0);
      expect(fs.readFileSync(hook(), 'utf8')).to.equal(first);
      expect(
        fs.readdirSync(path.dirname(hook())).filter((name) => name.startsWith('pre-push')),
      ).to.deep.equal(['pre-push']);
    });

    it('lets a push whose change passes the gate through', function () {
      const run = push(dir, ['origin', 'add-farewell']);
      expect(run.status, run.output).to.equal(0);
      expect(run.output).to.contain('add-farewell');
      expect(run.output).to.contain('origin/main');
      expect(run.output).to.not.contain('FAILURE');
      expect(remoteBranches(remote)).to.include('refs/heads/add-farewell');
    });

    it('refuses a push whose change fails its jobs, saying why', function () {
      const run = push(dir, ['origin', 'shout-greeting']);
      expect(run.status, run.output).to.not.equal(0);
      expect(run.output).to.contain('FAILURE');
      expect(run.output).to.contain('shout-greeting');
      expect(remoteBranches(remote)).to.not.include('refs/heads/shout-greeting');
    });

    it('pushes without gating when SPECGATE_SKIP=1', function () {
      const run = push(dir, ['origin', 'shout-greeting'], { SPECGATE_SKIP: '1' });
      expect(run.status, run.output).to.equal(0);
      expect(run.output).to.contain('specgate: SPECGATE_SKIP=1, not gating');
      expect(remoteBranches(remote)).to.include('refs/heads/shout-greeting');
    });

    it('lets a deletion through without gating', function () {
      const run = push(dir, ['origin', ':add-farewell']);
      expect(run.status, run.output).to.equal(0);
      expect(run.output).to.contain('nothing to gate');
      expect(run.output).to.not.contain('SUCCESS');
      expect(remoteBranches(remote)).to.not.include('refs/heads/add-farewell');
    });

    it("leaves the user's repository as it was, but for the hook and the remote-tracking refs", function () {
      expect(userState(dir)).to.deep.equal(initial);
    });

    it('lets a push of the target branch itself through without gating', function () {
      git(dir, 'commit', '-q', '--allow-empty', '-m', 'Move main');
      const run = push(dir, ['origin', 'main']);
      expect(run.status, run.output).to.equal(0);
      expect(run.output).to.contain('nothing to gate');
      expect(git(remote, 'rev-parse', 'refs/heads/main')).to.equal(git(dir, 'rev-parse', 'main'));
    });

    it('uninstalls, leaving no hook', async function () {
      const run = await runCli(['hook', 'uninstall'], { cwd: dir });
      expect(run.status, run.stderr).to.equal(0);
      expect(fs.existsSync(hook())).to.equal(false);
    });
  });

  it('installs into core.hooksPath, relative to the working tree, and git runs it from there', async function () {
    const { dir, remote } = await cloneLike();
    git(dir, 'config', 'core.hooksPath', '.githooks');
    const run = await runCli(['hook', 'install'], { cwd: path.join(dir, 'tests') });
    expect(run.status, run.stderr).to.equal(0);
    const hook = path.join(dir, '.githooks', 'pre-push');
    expect(run.stdout).to.contain(hook);
    expect(fs.readFileSync(hook, 'utf8')).to.contain('# specgate pre-push hook');
    expect(fs.existsSync(path.join(dir, '.git', 'hooks', 'pre-push'))).to.equal(false);
    const refused = push(dir, ['origin', 'shout-greeting']);
    expect(refused.status, refused.output).to.not.equal(0);
    expect(refused.output).to.contain('FAILURE');
    expect(remoteBranches(remote)).to.not.include('refs/heads/shout-greeting');
  });

  describe('with a foreign pre-push hook', function () {
    let dir: string;
    let remote: string;
    let marker: string;
    let foreign: string;
    const hooks = () => path.join(dir, '.git', 'hooks');

    before(async function () {
      ({ dir, remote } = await cloneLike());
      marker = path.join(scratchDir('specgate-marker-'), 'marker');
      foreign = `#!/bin/sh\n# someone else's hook\n{ echo "args: $*"; cat; } > '${marker}'\n`;
      fs.mkdirSync(hooks(), { recursive: true });
      fs.writeFileSync(path.join(hooks(), 'pre-push'), foreign, { mode: 0o755 });
    });

    it('chains it: the foreign hook runs first with the same arguments and stdin, then the gate', async function () {
      const install = await runCli(['hook', 'install'], { cwd: dir });
      expect(install.status, install.stderr).to.equal(0);
      expect(fs.readFileSync(path.join(hooks(), 'pre-push.specgate-chained'), 'utf8')).to.equal(foreign);

      const passed = push(dir, ['origin', 'add-farewell']);
      expect(passed.status, passed.output).to.equal(0);
      expect(fs.readFileSync(marker, 'utf8')).to.match(
        /^args: origin \S+\nrefs\/heads\/add-farewell [0-9a-f]{40} refs\/heads\/add-farewell 0{40}\n$/,
      );
      expect(remoteBranches(remote)).to.include('refs/heads/add-farewell');

      fs.rmSync(marker);
      const refused = push(dir, ['origin', 'shout-greeting']);
      expect(refused.status, refused.output).to.not.equal(0);
      expect(refused.output).to.contain('FAILURE');
      expect(fs.readFileSync(marker, 'utf8')).to.contain('refs/heads/shout-greeting');
      expect(remoteBranches(remote)).to.not.include('refs/heads/shout-greeting');
    });

    it('stops the push when the chained hook fails, before gating', function () {
      fs.writeFileSync(
        path.join(hooks(), 'pre-push.specgate-chained'),
        '#!/bin/sh\necho "foreign says no" >&2\nexit 3\n',
        { mode: 0o755 },
      );
      const run = push(dir, ['origin', 'farewell-polite']);
      expect(run.status, run.output).to.not.equal(0);
      expect(run.output).to.contain('foreign says no');
      expect(run.output).to.not.contain('SUCCESS');
      expect(remoteBranches(remote)).to.not.include('refs/heads/farewell-polite');
      fs.writeFileSync(path.join(hooks(), 'pre-push.specgate-chained'), foreign, { mode: 0o755 });
    });

    it('restores it on uninstall, and then refuses to remove it', async function () {
      const run = await runCli(['hook', 'uninstall'], { cwd: dir });
      expect(run.status, run.stderr).to.equal(0);
      expect(fs.readFileSync(path.join(hooks(), 'pre-push'), 'utf8')).to.equal(foreign);
      expect(fs.existsSync(path.join(hooks(), 'pre-push.specgate-chained'))).to.equal(false);

      const refused = await runCli(['hook', 'uninstall'], { cwd: dir });
      expect(refused.status).to.equal(2);
      expect(refused.stderr).to.contain("not specgate's pre-push hook");
      expect(fs.readFileSync(path.join(hooks(), 'pre-push'), 'utf8')).to.equal(foreign);
    });

    it('overwrites it with --force instead of chaining', async function () {
      const run = await runCli(['hook', 'install', '--force'], { cwd: dir });
      expect(run.status, run.stderr).to.equal(0);
      expect(fs.readFileSync(path.join(hooks(), 'pre-push'), 'utf8')).to.contain('# specgate pre-push hook');
      expect(fs.existsSync(path.join(hooks(), 'pre-push.specgate-chained'))).to.equal(false);
    });
  });
});
