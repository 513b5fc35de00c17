import { expect } from 'chai';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { PipelineResult } from '../../src/core/types.js';
import { readIndexFile } from '../../src/git/index-file/read-index-file.js';
import { configFile, scratchDir } from '../helpers/fixture-repo.js';
import { git } from '../helpers/git.js';
import { programForOtherUsers } from '../helpers/as-user.js';
import { mountTmpfs } from '../helpers/mount-tmpfs.js';
import { BIN, runCli } from '../helpers/run-cli.js';

/*
 * `gate --merge` against `git merge --ff-only` on copies of one repository: the same speculative commit is
 * fast-forwarded by git in one copy and by specgate in the other, and everything a user (or git) would
 * notice is compared.
 */

/** A repository whose `feature` changes every kind of entry: content, deletion, new nested directories,
 * executable bit, symlink target, a directory becoming a file and a file becoming a directory. */
function makeRepository(): string {
  const dir = path.join(scratchDir('specgate-ff-'), 'repo');
  fs.mkdirSync(dir);
  git(dir, 'init', '-q', '-b', 'main');
  const write = (rel: string, content: string, mode = 0o644) => {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), content);
    fs.chmodSync(path.join(dir, rel), mode);
  };
  write('a.txt', 'a\n');
  write('d/b.txt', 'b\n');
  write('d/e/c.txt', 'c\n');
  write('run.sh', '#!/bin/sh\n', 0o755);
  write('gone.txt', 'gone\n');
  write('dirfile/y', 'y\n');
  write('fileddir', 'a file\n');
  write('keep/untouched.txt', 'untouched\n');
  fs.symlinkSync('a.txt', path.join(dir, 'link'));
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'base');
  git(dir, 'checkout', '-q', '-b', 'feature');
  write('a.txt', 'a\na2\n');
  git(dir, 'rm', '-q', 'gone.txt');
  write('n/m/new.txt', 'new\n');
  fs.chmodSync(path.join(dir, 'run.sh'), 0o644);
  fs.rmSync(path.join(dir, 'link'));
  fs.symlinkSync('d/b.txt', path.join(dir, 'link'));
  git(dir, 'rm', '-rq', 'dirfile');
  write('dirfile', 'now a file\n');
  git(dir, 'rm', '-q', 'fileddir');
  write('fileddir/inside.txt', 'now a directory\n');
  write('d/e/c.txt', 'c2\n');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'feature');
  git(dir, 'checkout', '-q', 'main');
  return dir;
}

/** Runs `git update-index --refresh` (a copy has new inodes): git's own refresh, whatever it finds. */
const refresh = (dir: string) => spawnSync('git', ['update-index', '-q', '--refresh'], { cwd: dir });

/** Two copies of `dir` holding the speculative commit of `changes`: one for git, one for specgate. */
async function twins(
  dir: string,
  changes: string[],
): Promise<{ byGit: string; bySpecgate: string; sha: string }> {
  const gate = await runCli(['gate', ...changes, '--json'], { cwd: dir });
  expect(gate.status, gate.stderr).to.equal(0);
  const sha = (JSON.parse(gate.stdout) as PipelineResult).changes.at(-1)!.speculativeSha!;
  const parent = scratchDir('specgate-twins-');
  const byGit = path.join(parent, 'by-git');
  const bySpecgate = path.join(parent, 'by-specgate');
  for (const copy of [byGit, bySpecgate]) {
    execFileSync('cp', ['-a', dir, copy]);
    refresh(copy);
  }
  return { byGit, bySpecgate, sha };
}

/** What `git merge --ff-only` leaves, as a user and git see it (stat data aside, which differ by nature). */
function observe(dir: string): Record<string, unknown> {
  const index = readIndexFile(fs.readFileSync(path.join(dir, '.git', 'index')), 'index');
  return {
    // First, before anything could refresh the index: entries whose stat data git does not trust.
    statDirty: git(dir, 'diff-files', '--name-only'),
    stage: git(dir, 'ls-files', '-s'),
    flags: git(dir, 'ls-files', '-v'),
    status: git(dir, 'status', '--porcelain=v2', '--untracked-files=all', '--ignored'),
    head: fs.readFileSync(path.join(dir, '.git', 'HEAD'), 'utf8'),
    refs: git(dir, 'for-each-ref', '--format=%(refname) %(objectname)', 'refs/heads', 'refs/tags'),
    version: index.version,
    extensions: index.extensions.map(
      (extension) => `${extension.signature} ${extension.data.toString('hex')}`,
    ),
    tree: workingTree(dir),
  };
}

/** Every path of the working tree (`.git` aside) with its type, mode and bytes. */
function workingTree(dir: string): string[] {
  const rows: string[] = [];
  const walk = (at: string) => {
    for (const name of fs.readdirSync(at).sort()) {
      if (at === dir && name === '.git') continue;
      const full = path.join(at, name);
      const stat = fs.lstatSync(full);
      const rel = path.relative(dir, full);
      if (stat.isDirectory()) {
        rows.push(`${rel}/ ${(stat.mode & 0o777).toString(8)}`);
        walk(full);
      } else if (stat.isSymbolicLink()) rows.push(`${rel} -> ${fs.readlinkSync(full)}`);
      else rows.push(`${rel} ${(stat.mode & 0o777).toString(8)} ${fs.readFileSync(full, 'base64')}`);
    }
  };
  walk(dir);
  return rows;
}

const sha256 = (file: string) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');

/** Everything that must not change when a merge is refused or put back. */
function untouched(dir: string): Record<string, unknown> {
  return {
    index: sha256(path.join(dir, '.git', 'index')),
    head: fs.readFileSync(path.join(dir, '.git', 'HEAD'), 'utf8'),
    refs: git(dir, 'for-each-ref', '--format=%(refname) %(objectname)', 'refs/heads', 'refs/tags'),
    tree: workingTree(dir),
    leftovers: leftovers(dir),
  };
}

/** The stat data git compares with the index (ctime above all: moving a file changes it), file by file. */
function stats(dir: string): string[] {
  return git(dir, 'ls-files', '-z')
    .split('\0')
    .filter(Boolean)
    .map((rel) => {
      const stat = fs.lstatSync(path.join(dir, rel), { bigint: true });
      return `${rel} ${stat.ino} ${stat.ctimeNs} ${stat.mtimeNs} ${stat.size}`;
    });
}

/** `git status`, which rewrites the index when a file's stat data no longer match it; then `untouched`. */
function stillClean(dir: string): Record<string, unknown> {
  expect(git(dir, 'status', '--porcelain', '--untracked-files=all')).to.equal('');
  return untouched(dir);
}

/** Runs `gate feature --merge` in `dir`; `onSpawn` may return a function called when the run is over. */
function runWatched(
  dir: string,
  onSpawn: (pid: number) => (() => void) | void,
): Promise<{ status: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'gate', 'feature', '--merge'], {
      cwd: dir,
      env: { ...process.env, CI: 'true', NO_COLOR: '', FORCE_COLOR: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    const done = onSpawn(child.pid!);
    child.on('close', (status, signal) => {
      done?.();
      resolve({ status, signal, stdout, stderr });
    });
  });
}

/** Sends SIGINT to `pid`, unless it has finished already. */
function signal(pid: number): void {
  try {
    process.kill(pid, 'SIGINT');
  } catch {
    // Already finished.
  }
}

/** Locks and set-aside files a transaction must never leave behind. */
function leftovers(dir: string): string[] {
  const gitdir = path.join(dir, '.git');
  const specgate = path.join(gitdir, 'specgate');
  const aside = fs.existsSync(specgate)
    ? fs.readdirSync(specgate).filter((name) => name.startsWith('fast-forward-'))
    : [];
  return [
    ...['index.lock', 'refs/heads/main.lock'].filter((rel) => fs.existsSync(path.join(gitdir, rel))),
    ...aside,
  ];
}

describe('gate --merge as git merge --ff-only does it (differential, against native git)', function () {
  it('a clean checkout: working tree, index entries, flags, cache tree and refs as git leaves them', async () => {
    const { byGit, bySpecgate, sha } = await twins(makeRepository(), ['feature']);
    git(byGit, 'merge', '-q', '--ff-only', sha);
    const run = await runCli(['gate', 'feature', '--merge'], { cwd: bySpecgate });
    expect(run.status, run.stderr).to.equal(0);
    const specgate = observe(bySpecgate);
    expect(specgate).to.deep.equal(observe(byGit));
    expect(specgate.statDirty, 'every entry written carries stat data git trusts').to.equal('');
    expect(git(bySpecgate, 'rev-parse', 'HEAD').trim()).to.equal(sha);
    expect(git(bySpecgate, 'reflog', '-1', '--format=%gs', 'HEAD')).to.equal('specgate: gate --merge\n');
    git(bySpecgate, 'fsck', '--no-progress');
  });

  it('under umask 002: the files it writes get the modes git gives them', async () => {
    const { byGit, bySpecgate, sha } = await twins(makeRepository(), ['feature']);
    const inShell = (cwd: string, command: string[]) =>
      spawnSync('sh', ['-c', 'umask 002 && exec "$@"', 'sh', ...command], {
        cwd,
        encoding: 'utf8',
        env: { ...process.env, CI: 'true' },
      });
    expect(inShell(byGit, ['git', 'merge', '-q', '--ff-only', sha]).status).to.equal(0);
    const run = inShell(bySpecgate, [process.execPath, BIN, 'gate', 'feature', '--merge']);
    expect(run.status, run.stderr).to.equal(0);
    const specgate = observe(bySpecgate);
    expect(specgate).to.deep.equal(observe(byGit));
    expect(specgate.tree).to.include(`n/m/new.txt 664 ${Buffer.from('new\n').toString('base64')}`);
  });

  it('a version 4 index with an assume-unchanged file the merge does not touch: kept, flag and all', async () => {
    const dir = makeRepository();
    git(dir, 'update-index', '--index-version', '4');
    git(dir, 'update-index', '--assume-unchanged', 'keep/untouched.txt');
    const { byGit, bySpecgate, sha } = await twins(dir, ['feature']);
    for (const copy of [byGit, bySpecgate])
      fs.appendFileSync(path.join(copy, 'keep', 'untouched.txt'), 'local edit git does not look at\n');
    git(byGit, 'merge', '-q', '--ff-only', sha);
    const run = await runCli(['gate', 'feature', '--merge'], { cwd: bySpecgate });
    expect(run.status, run.stderr).to.equal(0);
    const specgate = observe(bySpecgate);
    expect(specgate).to.deep.equal(observe(byGit));
    expect(specgate.version).to.equal(4);
    expect(specgate.flags).to.contain('h keep/untouched.txt');
  });

  it('an untracked file in the way: both refuse; specgate names it, exits 2 after the verdict, changes nothing', async () => {
    const { byGit, bySpecgate, sha } = await twins(makeRepository(), ['feature']);
    for (const copy of [byGit, bySpecgate]) {
      fs.mkdirSync(path.join(copy, 'n', 'm'), { recursive: true });
      fs.writeFileSync(path.join(copy, 'n', 'm', 'new.txt'), 'mine, not committed\n');
    }
    const native = spawnSync('git', ['merge', '--ff-only', sha], { cwd: byGit, encoding: 'utf8' });
    expect(native.status).to.not.equal(0);
    expect(native.stderr).to.contain('n/m/new.txt').and.contain('would be overwritten');
    const before = untouched(bySpecgate);
    const run = await runCli(['gate', 'feature', '--merge'], { cwd: bySpecgate });
    expect(run.status).to.equal(2);
    expect(run.stdout).to.contain('Verdict: SUCCESS');
    expect(run.stdout).to.not.contain('→');
    expect(run.stderr).to.match(
      /specgate: main: untracked files in .* would be overwritten by the merge: n\/m\/new\.txt; nothing merged\. Try this: move or remove them/,
    );
    expect(untouched(bySpecgate)).to.deep.equal(before);
  });

  it('a directory the merge turns into a file still holds an untracked file: both refuse, specgate names it', async () => {
    const { byGit, bySpecgate, sha } = await twins(makeRepository(), ['feature']);
    for (const copy of [byGit, bySpecgate])
      fs.writeFileSync(path.join(copy, 'dirfile', 'mine.txt'), 'not committed\n');
    const native = spawnSync('git', ['merge', '--ff-only', sha], { cwd: byGit, encoding: 'utf8' });
    expect(native.status).to.not.equal(0);
    expect(native.stderr).to.contain('would lose untracked files').and.contain('dirfile');
    const before = untouched(bySpecgate);
    const run = await runCli(['gate', 'feature', '--merge'], { cwd: bySpecgate });
    expect(run.status).to.equal(2);
    expect(run.stderr).to.contain('would be overwritten by the merge: dirfile/mine.txt;');
    expect(untouched(bySpecgate)).to.deep.equal(before);
  });

  it('an ignored file in the way: git overwrites it, specgate refuses and names it (it never deletes what it did not write)', async () => {
    const dir = makeRepository();
    fs.writeFileSync(path.join(dir, '.git', 'info', 'exclude'), 'n/\n');
    const { byGit, bySpecgate, sha } = await twins(dir, ['feature']);
    for (const copy of [byGit, bySpecgate]) {
      fs.mkdirSync(path.join(copy, 'n', 'm'), { recursive: true });
      fs.writeFileSync(path.join(copy, 'n', 'm', 'new.txt'), 'an ignored build output\n');
    }
    expect(
      spawnSync('git', ['merge', '-q', '--ff-only', sha], { cwd: byGit }).status,
      'git overwrites ignored files',
    ).to.equal(0);
    const before = untouched(bySpecgate);
    const run = await runCli(['gate', 'feature', '--merge'], { cwd: bySpecgate });
    expect(run.status).to.equal(2);
    expect(run.stderr).to.contain('would be overwritten by the merge: n/m/new.txt;');
    expect(untouched(bySpecgate)).to.deep.equal(before);
  });

  for (const racy of [false, true]) {
    it(`a clean checkout converted on the way out (eol=crlf) is clean, as git sees it (${racy ? 'racily clean: entries as new as the index' : 'by its stat data, unread'})`, async () => {
      const dir = makeRepository();
      fs.writeFileSync(path.join(dir, '.gitattributes'), '*.txt text eol=crlf\n');
      git(dir, 'add', '.gitattributes');
      git(dir, 'commit', '-q', '-m', 'crlf');
      git(dir, 'branch', '-f', 'feature-crlf', 'main');
      git(dir, 'checkout', '-q', 'feature-crlf');
      fs.writeFileSync(path.join(dir, 'other.sh'), 'echo other\n');
      git(dir, 'add', 'other.sh');
      git(dir, 'commit', '-q', '-m', 'other');
      git(dir, 'checkout', '-q', 'main');
      // Checked out afresh: git writes CRLF, the blobs hold LF.
      fs.rmSync(path.join(dir, 'a.txt'));
      fs.rmSync(path.join(dir, 'keep'), { recursive: true });
      git(dir, 'checkout', '--', '.');
      const index = path.join(dir, '.git', 'index');
      if (racy) {
        // Files stamped in the index's own tick, as a fast checkout on a coarse clock leaves them: git
        // records the stamp, then the index gets the same one.
        // (A second back: git compares whole seconds, and must see the files changed to record the stamp.)
        const tick = new Date((Math.floor(Date.now() / 1000) - 1) * 1000);
        for (const file of ['a.txt', 'keep/untouched.txt']) fs.utimesSync(path.join(dir, file), tick, tick);
        git(dir, 'update-index', '-q', '--really-refresh');
        fs.utimesSync(index, tick, tick);
      } else {
        // The index written well after the files: every entry trusted by its stat data.
        const later = new Date(fs.statSync(index).mtimeMs + 2000);
        fs.utimesSync(index, later, later);
      }
      expect(fs.readFileSync(path.join(dir, 'a.txt'), 'utf8')).to.equal('a\r\n');
      expect(git(dir, 'status', '--porcelain')).to.equal('');
      const run = await runCli(['gate', 'feature-crlf', '--merge'], { cwd: dir });
      expect(run.status, run.stderr).to.equal(0);
      expect(run.stdout).to.contain('(merged feature-crlf)');
      expect(fs.readFileSync(path.join(dir, 'a.txt'), 'utf8'), 'an untouched file keeps its bytes').to.equal(
        'a\r\n',
      );
      expect(git(dir, 'diff-files', '--name-only')).to.equal('');
      expect(git(dir, 'status', '--porcelain')).to.equal('');
    });
  }

  it('a changed tracked file: refused before anything runs, naming it (exit 2, nothing changed)', async () => {
    const { byGit, bySpecgate, sha } = await twins(makeRepository(), ['feature']);
    for (const copy of [byGit, bySpecgate]) fs.appendFileSync(path.join(copy, 'a.txt'), 'local edit\n');
    const native = spawnSync('git', ['merge', '--ff-only', sha], { cwd: byGit, encoding: 'utf8' });
    expect(native.status).to.not.equal(0);
    expect(native.stderr).to.contain('a.txt');
    const before = untouched(bySpecgate);
    const run = await runCli(['gate', 'feature', '--merge'], { cwd: bySpecgate });
    expect(run.status).to.equal(2);
    expect(run.stdout).to.equal('');
    expect(run.stderr).to.match(
      /^specgate: error: --merge: main is checked out in .* with uncommitted changes: a\.txt; nothing was run\. Try this: commit or stash them/,
    );
    expect(untouched(bySpecgate)).to.deep.equal(before);
  });

  it('the change is already in main: "already up to date", the index untouched byte for byte', async () => {
    const dir = makeRepository();
    git(dir, 'merge', '-q', '--ff-only', 'feature');
    refresh(dir);
    const before = untouched(dir);
    const run = await runCli(['gate', 'feature', '--merge'], { cwd: dir });
    expect(run.status, run.stderr).to.equal(0);
    expect(run.stdout).to.contain(
      `main: already up to date at ${git(dir, 'rev-parse', 'main').trim().slice(0, 12)}`,
    );
    expect(run.stdout).to.not.contain('→');
    expect(untouched(dir)).to.deep.equal(before);
  });

  it('main checked out in another working tree: refused before anything runs, naming that tree', async () => {
    const dir = makeRepository();
    git(dir, 'checkout', '-q', '--detach', 'main');
    const other = path.join(scratchDir('specgate-linked-'), 'release-tree');
    git(dir, 'worktree', 'add', '-q', other, 'main');
    const before = untouched(dir);
    const run = await runCli(['gate', 'feature', '--merge'], { cwd: dir });
    expect(run.status).to.equal(2);
    expect(run.stderr).to.contain(`main is checked out in another working tree, ${other}`);
    expect(untouched(dir)).to.deep.equal(before);
    expect(git(other, 'status', '--porcelain')).to.equal('');

    // From that working tree itself, it follows the branch as git would there.
    const here = await runCli(['gate', 'feature', '--merge'], { cwd: other });
    expect(here.status, here.stderr).to.equal(0);
    expect(git(other, 'rev-parse', 'HEAD').trim()).to.equal(git(dir, 'rev-parse', 'main').trim());
    expect(git(other, 'diff-files', '--name-only')).to.equal('');
    expect(git(other, 'status', '--porcelain')).to.equal('');
    expect(fs.readFileSync(path.join(other, 'n', 'm', 'new.txt'), 'utf8')).to.equal('new\n');
    expect(git(dir, 'rev-parse', 'HEAD').trim(), 'the detached main working tree stays').to.not.equal(
      git(dir, 'rev-parse', 'main').trim(),
    );
  });

  it('objects packed (and loose ones pruned) by git while the gate runs: the fast-forward reads them from the pack', async () => {
    const { byGit, bySpecgate, sha } = await twins(makeRepository(), ['feature']);
    git(byGit, 'merge', '-q', '--ff-only', sha);
    const config = configFile(
      [
        'jobs:',
        '  gc:',
        '    run: |',
        '      cd "$REPO" && git gc -q && find .git/objects -path "*/??/*" -type f | sed "s|.git/objects/||; s|/||" | git pack-objects -q .git/objects/pack/pack >/dev/null && git prune-packed',
        `    env: { REPO: ${JSON.stringify(bySpecgate)} }`,
      ].join('\n'),
    );
    const run = await runCli(['gate', 'feature', '--merge', '--no-cache', '--config', config], {
      cwd: bySpecgate,
    });
    expect(run.status, run.stderr).to.equal(0);
    // The speculative commit and the blobs it brings were written loose before the job packed them.
    const blob = git(bySpecgate, 'rev-parse', `${sha}:n/m/new.txt`).trim();
    for (const oid of [sha, blob])
      expect(
        fs.existsSync(path.join(bySpecgate, '.git', 'objects', oid.slice(0, 2), oid.slice(2))),
        oid,
      ).to.equal(false);
    const specgate = observe(bySpecgate);
    const native = observe(byGit);
    expect({ ...specgate, status: '' }).to.deep.equal({ ...native, status: '' });
    expect(specgate.status).to.equal('');
    git(bySpecgate, 'fsck', '--no-progress');
  });

  it('a blob missing part-way: the working tree is put back, index and ref untouched, exit 2 saying so', async () => {
    const dir = makeRepository();
    // Written last (paths in order), after the other paths were already changed.
    git(dir, 'checkout', '-q', 'feature');
    fs.writeFileSync(path.join(dir, 'zz-last.txt'), 'the blob that goes missing\n');
    git(dir, 'add', 'zz-last.txt');
    git(dir, 'commit', '-q', '-m', 'last');
    git(dir, 'checkout', '-q', 'main');
    refresh(dir);
    const blob = git(dir, 'rev-parse', 'feature:zz-last.txt').trim();
    const loose = path.join(dir, '.git', 'objects', blob.slice(0, 2), blob.slice(2));
    expect(fs.existsSync(loose)).to.equal(true);
    const config = configFile(
      ['jobs:', '  lose-a-blob:', `    run: rm -f ${JSON.stringify(loose)}`].join('\n'),
    );
    const before = untouched(dir);
    const run = await runCli(['gate', 'feature', '--merge', '--no-cache', '--config', config], { cwd: dir });
    expect(run.status).to.equal(2);
    expect(run.stdout).to.contain('Verdict: SUCCESS');
    expect(run.stderr).to.contain(blob).and.contain('the working tree was put back and main was not moved');
    const after = untouched(dir);
    expect(after).to.deep.equal(before);
    expect(git(dir, 'status', '--porcelain', '--untracked-files=all')).to.equal('');
  });

  it('a read-only directory part-way (run as a user who cannot write there): put back, index and ref untouched, exit 2', async function () {
    if (process.getuid?.() !== 0) this.skip(); // needs root to run specgate as another user
    const dir = makeRepository();
    refresh(dir);
    // a.txt (at the root, writable) is set aside before d/e/c.txt, in a directory nobody may write to.
    fs.chmodSync(path.join(dir, 'd', 'e'), 0o555);
    const before = untouched(dir);
    execFileSync('chown', ['-R', '65534:65534', dir]);
    fs.chmodSync(path.dirname(dir), 0o755);
    const home = scratchDir('specgate-home-');
    fs.chmodSync(home, 0o777);
    const asNobody = ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups'];
    const program = programForOtherUsers(asNobody);
    const run = spawnSync(
      asNobody[0],
      [...asNobody.slice(1), process.execPath, program, 'gate', 'feature', '--merge'],
      {
        cwd: dir,
        encoding: 'utf8',
        env: { ...process.env, CI: 'true', HOME: home },
      },
    );
    // Back to root, which native git (the oracle) insists on.
    execFileSync('chown', ['-R', '0:0', dir]);
    expect(run.status, run.stderr).to.equal(2);
    expect(run.stdout, run.stderr).to.contain('Verdict: SUCCESS');
    // Found before anything was touched: the directory is named.
    expect(run.stderr).to.contain(
      `cannot update the working tree of main: EACCES on ${path.join(dir, 'd', 'e')};`,
    );
    expect(run.stderr).to.contain('the working tree was put back and main was not moved');
    expect(untouched(dir)).to.deep.equal(before);
    expect(
      stillClean(dir),
      'git finds every file as its index records it, and does not rewrite the index',
    ).to.deep.equal(before);
  });

  it('a disk that fills up part-way (a 2 MB tmpfs holding the repository): put back, the index byte for byte as it was, exit 2', async function () {
    const tmpfs = mountTmpfs(2);
    if ('reason' in tmpfs) {
      console.log(`      skipped: ${tmpfs.reason}`);
      return this.skip();
    }
    const source = makeRepository();
    // Written after the paths before it in order were changed; 3 MB once checked out, a few bytes packed.
    git(source, 'checkout', '-q', 'feature');
    fs.writeFileSync(path.join(source, 'm-big.bin'), Buffer.alloc(3 * 1024 * 1024, 'x'));
    git(source, 'add', 'm-big.bin');
    git(source, 'commit', '-q', '-m', 'big');
    git(source, 'checkout', '-q', 'main');
    const dir = path.join(tmpfs.dir, 'repo');
    execFileSync('cp', ['-a', source, dir]);
    refresh(dir);
    const before = untouched(dir);
    const stat = stats(dir);
    const run = await runCli(['gate', 'feature', '--merge', '--no-cache'], { cwd: dir });
    expect(run.status, run.stderr).to.equal(2);
    expect(run.stdout).to.contain('Verdict: SUCCESS');
    expect(run.stderr).to.match(
      /cannot update the working tree of main: ENOSPC\b.*; the working tree was put back and main was not moved/,
    );
    expect(untouched(dir)).to.deep.equal(before);
    // The files were not even moved: their ctimes are those the index records, so git has nothing to refresh.
    expect(stats(dir)).to.deep.equal(stat);
    expect(
      stillClean(dir),
      'git finds every file as its index records it, and does not rewrite the index',
    ).to.deep.equal(before);
  });

  it('a disk already full (a 2 MB tmpfs filled up): nothing changed at all, the index byte for byte as it was, exit 2', async function () {
    const tmpfs = mountTmpfs(2);
    if ('reason' in tmpfs) {
      console.log(`      skipped: ${tmpfs.reason}`);
      return this.skip();
    }
    const dir = path.join(tmpfs.dir, 'repo');
    execFileSync('cp', ['-a', makeRepository(), dir]);
    refresh(dir);
    // The gate's own commits first, then not a byte left.
    const gate = await runCli(['gate', 'feature', '--json'], { cwd: dir });
    expect(gate.status, gate.stderr).to.equal(0);
    const job = configFile(
      [
        'jobs:',
        '  fill-the-disk:',
        `    run: dd if=/dev/zero of=${JSON.stringify(path.join(tmpfs.dir, 'filler'))} bs=64k 2>/dev/null || true`,
      ].join('\n'),
    );
    const before = untouched(dir);
    const stat = stats(dir);
    const run = await runCli(['gate', 'feature', '--merge', '--no-cache', '--config', job], { cwd: dir });
    expect(run.status, run.stderr).to.equal(2);
    expect(run.stderr).to.match(/ENOSPC\b.*main was not moved/);
    fs.rmSync(path.join(tmpfs.dir, 'filler'));
    expect(untouched(dir)).to.deep.equal(before);
    expect(stats(dir)).to.deep.equal(stat);
    expect(
      stillClean(dir),
      'git finds every file as its index records it, and does not rewrite the index',
    ).to.deep.equal(before);
  });

  it('a reflog that cannot be written once main moved: the merge is complete as git leaves it, not half put back', async () => {
    const dir = makeRepository();
    const { byGit, bySpecgate, sha } = await twins(dir, ['feature']);
    git(byGit, 'merge', '-q', '--ff-only', sha);
    // HEAD's reflog is appended to after main's ref file is renamed into place: here it cannot be.
    fs.rmSync(path.join(bySpecgate, '.git', 'logs', 'HEAD'));
    fs.mkdirSync(path.join(bySpecgate, '.git', 'logs', 'HEAD'));
    const run = await runCli(['gate', 'feature', '--merge'], { cwd: bySpecgate });
    expect(run.status, run.stderr).to.equal(0);
    expect(git(bySpecgate, 'rev-parse', 'main').trim()).to.equal(sha);
    expect(workingTree(bySpecgate)).to.deep.equal(workingTree(byGit));
    expect(git(bySpecgate, 'ls-files', '-s')).to.equal(git(byGit, 'ls-files', '-s'));
    expect(git(bySpecgate, 'status', '--porcelain', '--untracked-files=all')).to.equal('');
    expect(leftovers(bySpecgate)).to.deep.equal([]);
  });

  it('interrupted at any moment (SIGINT, sometimes twice): main unmoved and everything as before, or moved as git leaves it', async function () {
    this.timeout(240_000);
    const dir = makeRepository();
    // Enough files that the working tree update takes a while.
    git(dir, 'checkout', '-q', 'feature');
    for (let i = 0; i < 1500; i++) {
      const sub = path.join(dir, 'many', String(i % 30));
      fs.mkdirSync(sub, { recursive: true });
      fs.writeFileSync(path.join(sub, `f${i}.txt`), `file ${i}\n`);
    }
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '-m', 'many');
    git(dir, 'checkout', '-q', 'main');
    const { byGit, sha } = await twins(dir, ['feature']);
    git(byGit, 'merge', '-q', '--ff-only', sha);
    const native = observe(byGit);

    const ROUNDS = 8;
    const seen = { moved: 0, unmoved: 0, deferred: 0 };
    for (let round = 0; round < ROUNDS; round++) {
      const { bySpecgate } = await twins(dir, ['feature']);
      const before = untouched(bySpecgate);
      // A quarter of the rounds anywhere in the run; the others aimed at the merge itself, which starts when
      // the index lock appears (checks, then the working tree, index and ref). Every other round signals twice.
      const early = round % 4 === 0;
      const twice = round % 2 === 1;
      const lock = path.join(bySpecgate, '.git', 'index.lock');
      const run = await runWatched(bySpecgate, (pid) => {
        const fire = () => {
          signal(pid);
          if (twice) setTimeout(() => signal(pid), 3);
        };
        if (early) {
          setTimeout(fire, Math.random() * 500);
          return;
        }
        const poll = setInterval(() => {
          if (!fs.existsSync(lock)) return;
          clearInterval(poll);
          setTimeout(fire, Math.random() * 300);
        }, 1);
        return () => clearInterval(poll);
      });
      // Killed outright (no status) only by a signal that came before specgate had set up its handlers.
      expect([0, 130, null], run.stderr).to.include(run.status);
      const main = git(bySpecgate, 'rev-parse', 'main').trim();
      if (main === sha) {
        seen.moved++;
        if (run.stderr.includes('the move was finished first')) seen.deferred++;
        expect(observe(bySpecgate), `round ${round}: moved, so as git leaves it`).to.deep.equal(native);
        expect(run.stdout, 'a finished merge is reported').to.contain('(merged feature)');
        expect(run.stderr).to.not.contain('interrupted');
        expect(leftovers(bySpecgate)).to.deep.equal([]);
      } else {
        seen.unmoved++;
        expect(untouched(bySpecgate), `round ${round}: not moved, so nothing changed`).to.deep.equal(before);
        expect(
          run.status === 130 || (run.status === null && run.signal === 'SIGINT'),
          `${run.status} ${run.signal}`,
        ).to.equal(true);
        expect(run.stdout).to.not.contain('→');
      }
    }
    expect(seen.moved + seen.unmoved).to.equal(ROUNDS);
    process.stderr.write(
      `      (interrupted ${seen.unmoved} times before the move, ${seen.moved} times too late to stop it, ${seen.deferred} of them held back during the move)\n`,
    );
  });
});
