import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fixtureRepo, scratchDir } from '../helpers/fixture-repo.js';
import { git } from '../helpers/git.js';
import { installInProject } from '../helpers/install-in-project.js';
import { BIN, runCli } from '../helpers/run-cli.js';
import { snapshotRepository } from '../helpers/snapshot-repository.js';

/**
 * The demo repository with a bare `origin` that has main, fetched, as a developer's clone would be. specgate is
 * installed in the project as npm would (`node_modules/.bin/specgate`, a symlink to this checkout's
 * `bin/run.js`, kept out of `git status` by `.git/info/exclude`) unless `installed` is false.
 */
async function cloneLike(options: { installed?: boolean } = {}): Promise<{ dir: string; remote: string }> {
  const { dir } = await fixtureRepo('demo');
  const remote = path.join(scratchDir('specgate-remote-'), 'origin.git');
  git(path.dirname(remote), 'init', '-q', '--bare', remote);
  git(dir, 'remote', 'add', 'origin', remote);
  git(dir, 'push', '-q', 'origin', 'main');
  git(dir, 'fetch', '-q', 'origin');
  if (options.installed !== false) installInProject(dir);
  return { dir, remote };
}

/** A directory holding an executable `specgate` (a shim running this checkout), to put on PATH. */
function specgateOnPath(): string {
  const bin = scratchDir('specgate-path-');
  const shim = `#!/bin/sh\nexec '${process.execPath}' '${BIN}' "$@"\n`;
  fs.writeFileSync(path.join(bin, 'specgate'), shim, { mode: 0o755 });
  return bin;
}

/** PATH without any directory that holds a `specgate`, with node's directory (for `#!/usr/bin/env node`). */
function pathWithoutSpecgate(): string {
  const dirs = (process.env.PATH ?? '').split(path.delimiter).filter(Boolean);
  const kept = dirs.filter((dir) => !fs.existsSync(path.join(dir, 'specgate')));
  return [...kept, path.dirname(process.execPath)].join(path.delimiter);
}

/** A real `git push`, whose hook output git shows on stderr. */
function push(dir: string, args: string[], env: NodeJS.ProcessEnv = {}): Run {
  return spawnIn(dir, 'git', ['push', ...args], env);
}

/** A command line run by sh, as a user pasting it would. */
function shell(dir: string, line: string): Run {
  return spawnIn(dir, 'sh', ['-c', line]);
}

interface Run {
  status: number | null;
  output: string;
}

function spawnIn(dir: string, command: string, args: string[], env: NodeJS.ProcessEnv = {}): Run {
  const child = spawnSync(command, args, {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, PATH: pathWithoutSpecgate(), CI: 'true', NO_COLOR: '', FORCE_COLOR: '0', ...env },
  });
  return { status: child.status, output: `${child.stdout}${child.stderr}` };
}

const remoteBranches = (remote: string) =>
  git(remote, 'ls-remote', '--heads', remote)
    .split('\n')
    .filter(Boolean)
    .map((line) => line.split('\t')[1]);

/** `git push origin add-farewell shout-greeting` was refused: the one branch that passed, and how to push it. */
function expectOnlyAddFarewellPassed(run: Run, remote: string): void {
  expect(run.status, run.output).to.not.equal(0);
  expect(run.output).to.contain('specgate: passed  add-farewell -> refs/heads/add-farewell');
  expect(run.output).to.contain('specgate: FAILURE  shout-greeting -> refs/heads/shout-greeting');
  expect(run.output).to.contain('  git push origin add-farewell\n');
  expect(remoteBranches(remote)).to.deep.equal(['refs/heads/main']);
}

/** Forgets the job results and merges earlier pushes kept, so that the next push's hook runs its jobs. */
async function forgetResults(dir: string): Promise<void> {
  const cleared = await runCli(['cache', 'clear'], { cwd: dir });
  expect(cleared.status, cleared.stderr).to.equal(0);
  fs.rmSync(path.join(dir, '.git', 'specgate', 'cache'), { recursive: true, force: true });
}

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
      expect(run.stderr).to.not.contain('warning');
      const text = fs.readFileSync(hook(), 'utf8');
      expect(text).to.match(/^#!\/bin\/sh\n# specgate pre-push hook\n/);
      expect(text).to.not.contain(process.execPath);
      expect(text).to.not.contain(path.resolve('bin'));
      expect(text).to.not.contain(dir);
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

    it('lets a push whose branch passes through, found in node_modules/.bin', function () {
      const run = push(dir, ['origin', 'add-farewell']);
      expect(run.status, run.output).to.equal(0);
      expect(run.output).to.contain('add-farewell');
      expect(run.output).to.contain('origin/main');
      expect(run.output).to.not.contain('FAILURE');
      expect(run.output).to.contain('specgate: passed  add-farewell -> refs/heads/add-farewell');
      expect(run.output).to.contain('specgate: the pushed branch passed; pushing');
      expect(remoteBranches(remote)).to.include('refs/heads/add-farewell');
    });

    it('refuses a push whose branch fails its jobs, saying why', function () {
      const run = push(dir, ['origin', 'shout-greeting']);
      expect(run.status, run.output).to.not.equal(0);
      expect(run.output).to.contain('specgate: FAILURE  shout-greeting -> refs/heads/shout-greeting');
      expect(run.output).to.contain('specgate: push refused: 1 of 1 pushed branch failed');
      expect(run.output).to.not.contain('git push origin');
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
      expect(run.output).to.contain('specgate: skipped refs/heads/add-farewell: a deletion, not checked');
      expect(run.output).to.contain('specgate: nothing to check: no branch pushed');
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
      expect(run.output).to.contain(
        'specgate: skipped refs/heads/main: the target branch main itself, not checked',
      );
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

  describe('several branches in one push', function () {
    let dir: string;
    let remote: string;
    let refused: Run;

    before(async function () {
      ({ dir, remote } = await cloneLike());
      const install = await runCli(['hook', 'install'], { cwd: dir });
      expect(install.status, install.stderr).to.equal(0);
      // reword-usage conflicts with add-farewell: queued behind it, it would fail; on its own it passes.
      refused = push(dir, ['origin', 'add-farewell', 'reword-usage', 'shout-greeting']);
    });

    it('checks each branch on its own on origin/main, never one on top of another', function () {
      expect(refused.output).to.contain('specgate: passed  add-farewell -> refs/heads/add-farewell');
      expect(refused.output).to.contain('specgate: passed  reword-usage -> refs/heads/reword-usage');
      expect(refused.output).to.contain('specgate: FAILURE  shout-greeting -> refs/heads/shout-greeting');
      expect(refused.output).to.not.contain('MERGE_CONFLICT');
    });

    it('refuses the whole push, and prints the git push that sends only the branches that passed', function () {
      expect(refused.status, refused.output).to.not.equal(0);
      expect(remoteBranches(remote)).to.deep.equal(['refs/heads/main']);
      expect(refused.output).to.contain('specgate: push refused: 1 of 3 pushed branches failed');
      expect(refused.output).to.contain(
        'specgate: to push only the branches that passed:\n  git push origin add-farewell reword-usage\n',
      );
    });

    it('that git push, run, passes the hook and pushes only those', async function () {
      const line = /^ {2}(git push .*)$/m.exec(refused.output)?.[1];
      expect(line, refused.output).to.be.a('string');
      await forgetResults(dir);
      const run = shell(dir, line!);
      expect(run.status, run.output).to.equal(0);
      expect(run.output).to.not.contain('taken from the result cache');
      expect(run.output).to.contain('specgate: all 2 pushed branches passed; pushing');
      expect(remoteBranches(remote).sort()).to.deep.equal([
        'refs/heads/add-farewell',
        'refs/heads/main',
        'refs/heads/reword-usage',
      ]);
    });

    it('skips a pushed tag and a deletion, one line each, and checks the branch beside them', function () {
      git(dir, 'tag', 'v1.0.0', 'shout-greeting');
      const run = push(dir, ['origin', ':reword-usage', 'v1.0.0', 'farewell-polite']);
      expect(run.status, run.output).to.equal(0);
      expect(run.output).to.contain('specgate: skipped refs/heads/reword-usage: a deletion, not checked');
      expect(run.output).to.contain('specgate: skipped refs/tags/v1.0.0: a tag, not checked');
      expect(run.output).to.contain('specgate: passed  farewell-polite -> refs/heads/farewell-polite');
      expect(run.output).to.not.contain('shout-greeting');
      expect(git(remote, 'rev-parse', 'refs/tags/v1.0.0')).to.equal(git(dir, 'rev-parse', 'v1.0.0'));
      expect(remoteBranches(remote)).to.not.include('refs/heads/reword-usage');
    });

    it('a forced push refused: the printed git push keeps its +, and forces only the branch that passed', async function () {
      git(dir, 'branch', '-f', 'add-farewell', 'reword-usage');
      const refused = push(dir, ['--force', 'origin', 'add-farewell', 'shout-greeting']);
      expect(refused.status, refused.output).to.not.equal(0);
      expect(refused.output).to.contain('  git push origin +add-farewell\n');
      await forgetResults(dir);
      const run = shell(dir, 'git push origin +add-farewell');
      expect(run.status, run.output).to.equal(0);
      expect(run.output).to.not.contain('taken from the result cache');
      expect(git(remote, 'rev-parse', 'refs/heads/add-farewell')).to.equal(
        git(dir, 'rev-parse', 'reword-usage'),
      );
      expect(remoteBranches(remote)).to.not.include('refs/heads/shout-greeting');
    });

    it("a release script's push of the target and a tag checks nothing", function () {
      git(dir, 'tag', 'v1.1.0', 'main');
      const run = push(dir, ['origin', 'main', 'v1.1.0']);
      expect(run.status, run.output).to.equal(0);
      expect(run.output).to.contain('specgate: skipped refs/tags/v1.1.0: a tag, not checked');
      expect(run.output).to.contain('specgate: nothing to check: no branch pushed');
    });
  });

  it('checks each branch with its own Depends-On dependencies, not with the other pushed branches', async function () {
    const { dir, remote } = await cloneLike();
    const install = await runCli(['hook', 'install'], { cwd: dir });
    expect(install.status, install.stderr).to.equal(0);
    // shout-docs says Depends-On: shout-greeting, which is not pushed and fails its tests.
    // Wide enough for the table to write each state out whole (at 80 columns it abbreviates them).
    const run = push(dir, ['origin', 'add-farewell', 'shout-docs'], { COLUMNS: '200' });
    expect(run.status, run.output).to.not.equal(0);
    expect(run.output).to.match(/add-farewell +SUCCESS +origin\/main \+ add-farewell +2 voting jobs passed/);
    expect(run.output).to.match(/shout-docs +FAILURE +origin\/main \+ shout-greeting \+ shout-docs /);
    expect(run.output).to.contain('specgate: FAILURE  shout-docs -> refs/heads/shout-docs');
    expect(run.output).to.not.contain('-> refs/heads/shout-greeting');
    expect(run.output).to.contain('  git push origin add-farewell\n');
    expect(remoteBranches(remote)).to.deep.equal(['refs/heads/main']);
  });

  describe('finding specgate', function () {
    it('runs the specgate on PATH when the project has none in node_modules/.bin', async function () {
      const { dir, remote } = await cloneLike({ installed: false });
      const install = await runCli(['hook', 'install'], { cwd: dir });
      expect(install.status, install.stderr).to.equal(0);
      const run = push(dir, ['origin', 'add-farewell'], {
        PATH: `${specgateOnPath()}${path.delimiter}${pathWithoutSpecgate()}`,
      });
      expect(run.status, run.output).to.equal(0);
      expect(run.output).to.contain('specgate: passed  add-farewell -> refs/heads/add-farewell');
      expect(remoteBranches(remote)).to.include('refs/heads/add-farewell');
    });

    it('found nowhere: install warns, and the push fails with one line saying how to install it', async function () {
      const { dir, remote } = await cloneLike({ installed: false });
      const install = await runCli(['hook', 'install'], { cwd: dir, env: { PATH: pathWithoutSpecgate() } });
      expect(install.status, install.stderr).to.equal(0);
      expect(install.stderr).to.contain(
        `specgate: warning: the hook will not find specgate (in ${dir}/node_modules/.bin, nor on PATH)`,
      );
      const run = push(dir, ['origin', 'add-farewell']);
      expect(run.status, run.output).to.not.equal(0);
      expect(run.output).to.contain(
        'specgate: not found in node_modules/.bin or on PATH; install it (npm install -D specgate)',
      );
      expect(remoteBranches(remote)).to.not.include('refs/heads/add-farewell');
    });

    it("from a linked worktree, with specgate in the main work tree's node_modules", async function () {
      const { dir, remote } = await cloneLike();
      const install = await runCli(['hook', 'install'], { cwd: dir });
      expect(install.status, install.stderr).to.equal(0);
      const linked = path.join(scratchDir('specgate-linked-'), 'linked');
      git(dir, 'worktree', 'add', '-q', linked, 'shout-greeting');
      expect(fs.existsSync(path.join(linked, 'node_modules'))).to.equal(false);
      const run = push(linked, ['origin', 'add-farewell', 'shout-greeting']);
      expectOnlyAddFarewellPassed(run, remote);
    });
  });

  it("shared through core.hooksPath: a committed .githooks/pre-push works in a teammate's clone", async function () {
    const { dir, remote } = await cloneLike({ installed: false });
    git(dir, 'config', 'core.hooksPath', '.githooks');
    const install = await runCli(['hook', 'install'], { cwd: dir });
    expect(install.status, install.stderr).to.equal(0);
    // The fixture's config has core.fileMode false, as isomorphic-git writes it: say the mode.
    git(dir, 'add', '--chmod=+x', '.githooks/pre-push');
    git(dir, 'commit', '-q', '-m', 'Share the pre-push hook');
    git(dir, 'push', '-q', '--no-verify', 'origin', 'main');

    const teammate = path.join(scratchDir('specgate-teammate-'), 'clone');
    git(path.dirname(teammate), 'clone', '-q', '-b', 'main', remote, teammate);
    git(teammate, 'config', 'core.hooksPath', '.githooks');
    git(teammate, 'fetch', '-q', dir, 'add-farewell:add-farewell', 'shout-greeting:shout-greeting');
    installInProject(teammate);
    expect(fs.statSync(path.join(teammate, '.githooks', 'pre-push')).mode & 0o111).to.equal(0o111);

    const run = push(teammate, ['origin', 'add-farewell', 'shout-greeting']);
    expectOnlyAddFarewellPassed(run, remote);
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
