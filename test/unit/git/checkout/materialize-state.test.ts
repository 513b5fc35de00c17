import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { expect } from 'chai';
import type { GitContext } from '../../../../src/git/git-context.js';
import { materializeState } from '../../../../src/git/checkout/materialize-state.js';
import { openGitContext } from '../../../../src/git/open-git-context.js';

/** Native git with no user or system configuration and fixed identities, so runs are reproducible. */
function git(cwd: string, args: string[]): string {
  return execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_CONFIG_GLOBAL: '/dev/null',
      GIT_AUTHOR_NAME: 'specgate',
      GIT_AUTHOR_EMAIL: 'specgate@example.com',
      GIT_AUTHOR_DATE: '2024-01-01T00:00:00Z',
      GIT_COMMITTER_NAME: 'specgate',
      GIT_COMMITTER_EMAIL: 'specgate@example.com',
      GIT_COMMITTER_DATE: '2024-01-01T00:00:00Z',
    },
  });
}

function write(root: string, file: string, content: string | Buffer, mode = 0o644): void {
  const full = path.join(root, file);
  fs.mkdirSync(path.dirname(full), { recursive: true });
  fs.writeFileSync(full, content);
  fs.chmodSync(full, mode);
}

/** Every file (not directory) below `root`, relative and sorted. */
function listFiles(root: string): string[] {
  return (fs.readdirSync(root, { recursive: true }) as string[])
    .filter((name) => !fs.lstatSync(path.join(root, name)).isDirectory())
    .sort();
}

/** `git ls-tree -r` of a commit in the shape of `git ls-files -s`, sorted: what the checkout's index must hold. */
function treeAsStage(repo: string, commit: string): string[] {
  return git(repo, ['ls-tree', '-r', '-z', commit])
    .split('\0')
    .filter(Boolean)
    .map((line) => {
      const [meta, file] = line.split('\t');
      const [mode, , oid] = meta.split(' ');
      return `${mode} ${oid} 0\t${file}`;
    })
    .sort();
}

function stage(checkout: string): string[] {
  return git(checkout, ['ls-files', '-s', '-z']).split('\0').filter(Boolean).sort();
}

function contextFor(repo: string): GitContext {
  return openGitContext({
    fs,
    dir: repo,
    gitdir: path.join(repo, '.git'),
    objectsDir: path.join(repo, '.git', 'objects'),
  });
}

const UNICODE_NAME = 'dir with space/ünïcødé file ✓.txt';
const SUBMODULE_COMMIT = '1234567890abcdef1234567890abcdef12345678';
const BINARY = Buffer.from(Array.from({ length: 1024 }, (_, i) => (i * 7) % 256));

/** A repository with two commits covering every kind of entry git writes to a work tree. */
function createRepository(repo: string): { first: string; second: string } {
  fs.mkdirSync(repo, { recursive: true });
  git(repo, ['init', '-q', '-b', 'main']);
  write(repo, 'README.md', '# demo\n');
  write(repo, '.gitignore', 'node_modules/\n*.log\n');
  write(repo, 'src/lib/a.ts', 'export const a = 1;\n');
  write(repo, 'src/lib/deep/er/c.txt', 'deep\n');
  write(repo, 'bin/run.sh', '#!/bin/sh\necho run\n', 0o755);
  write(repo, 'assets/blob.bin', BINARY);
  write(repo, UNICODE_NAME, 'unicode\n');
  write(repo, 'empty.txt', '');
  fs.symlinkSync('README.md', path.join(repo, 'link-to-file'));
  fs.symlinkSync('src/lib', path.join(repo, 'link-to-dir'));
  git(repo, ['add', '-A']);
  // A submodule entry without a .gitmodules: what matters is the gitlink in the tree.
  git(repo, ['update-index', '--add', '--cacheinfo', `160000,${SUBMODULE_COMMIT},vendor/sub`]);
  git(repo, ['commit', '-q', '-m', 'first']);
  const first = git(repo, ['rev-parse', 'HEAD']).trim();

  write(repo, 'src/lib/a.ts', 'export const a = 2;\n');
  fs.rmSync(path.join(repo, 'empty.txt'));
  fs.chmodSync(path.join(repo, 'bin/run.sh'), 0o644);
  write(repo, 'tools/new.sh', '#!/bin/sh\n', 0o755);
  git(repo, ['add', '-A']);
  git(repo, ['commit', '-q', '-m', 'second']);
  const second = git(repo, ['rev-parse', 'HEAD']).trim();
  return { first, second };
}

/** Everything native git can say about a checkout being a clean checkout of `commit` of `source`. */
function assertCleanCheckout(source: string, checkout: string, commit: string): void {
  expect(git(checkout, ['rev-parse', 'HEAD']).trim()).to.equal(commit);
  expect(fs.readFileSync(path.join(checkout, '.git', 'HEAD'), 'utf8')).to.equal(`${commit}\n`);
  expect(git(checkout, ['status', '--porcelain'])).to.equal('');
  expect(git(checkout, ['status', '--porcelain', '--ignored'])).to.equal('');
  expect(git(checkout, ['diff'])).to.equal('');
  expect(git(checkout, ['diff', '--cached'])).to.equal('');
  expect(() => git(checkout, ['fsck', '--connectivity-only'])).not.to.throw();
  expect(git(checkout, ['log', '-1', '--format=%H']).trim()).to.equal(commit);
  expect(stage(checkout)).to.deep.equal(treeAsStage(source, commit));

  const gitdir = path.join(checkout, '.git');
  expect(fs.readFileSync(path.join(gitdir, 'objects', 'info', 'alternates'), 'utf8')).to.equal(
    `${path.join(source, '.git', 'objects')}\n`,
  );
  // Borrowed, not copied: the only file under objects/ is the alternates file.
  expect(listFiles(path.join(gitdir, 'objects'))).to.deep.equal([path.join('info', 'alternates')]);
  expect(fs.readdirSync(path.join(gitdir, 'refs', 'heads'))).to.deep.equal([]);
  expect(fs.readdirSync(path.join(gitdir, 'refs', 'tags'))).to.deep.equal([]);
  const config = (key: string): string =>
    git(checkout, ['config', '--file', path.join(gitdir, 'config'), key]).trim();
  expect(config('core.repositoryformatversion')).to.equal('0');
  expect(config('core.filemode')).to.equal('true');
  expect(config('core.bare')).to.equal('false');
  expect(config('core.logallrefupdates')).to.equal('false');
}

/**
 * The index's stat data must equal `lstat` of every file, else `git status` would have to re-hash it.
 * Read back with `git ls-files --debug`, which prints git's own view of each entry.
 */
function assertStatDataMatches(checkout: string): void {
  const blocks = git(checkout, ['-c', 'core.quotePath=false', 'ls-files', '--debug']).split(/\n(?=\S)/);
  let checked = 0;
  for (const block of blocks) {
    const [head, ...rest] = block.split('\n');
    const info = rest.join('\n');
    if (head === 'vendor/sub') continue; // a gitlink: zeros by design
    const stat = fs.lstatSync(path.join(checkout, head), { bigint: true });
    const sec = (ns: bigint): string => `${ns / 1_000_000_000n}:${ns % 1_000_000_000n}`;
    expect(info, head).to.include(`mtime: ${sec(stat.mtimeNs)}`);
    expect(info, head).to.include(`ctime: ${sec(stat.ctimeNs)}`);
    expect(info, head).to.include(`ino: ${stat.ino % 2n ** 32n}`);
    expect(info, head).to.include(`size: ${stat.size}\t`);
    checked += 1;
  }
  expect(checked).to.be.greaterThan(5);
}

describe('materializeState', () => {
  let tmp: string;
  let source: string;
  let commits: { first: string; second: string };

  before(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'specgate-materialize-'));
    source = path.join(tmp, 'source');
    commits = createRepository(source);
  });

  after(() => {
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('writes HEAD as a clean checkout that native git accepts', async () => {
    const checkout = path.join(tmp, 'head');
    await materializeState({ ctx: contextFor(source), commitOid: commits.second, dir: checkout });
    assertCleanCheckout(source, checkout, commits.second);
    assertStatDataMatches(checkout);
    expect(fs.statSync(path.join(checkout, 'tools/new.sh')).mode & 0o777).to.equal(0o755);
    expect(fs.statSync(path.join(checkout, 'bin/run.sh')).mode & 0o777).to.equal(0o644);
    expect(fs.readFileSync(path.join(checkout, 'src/lib/a.ts'), 'utf8')).to.equal('export const a = 2;\n');
    expect(fs.existsSync(path.join(checkout, 'empty.txt'))).to.equal(false);
  });

  it('writes an older commit with modes, symlinks, binary, unicode, empty files and a submodule', async () => {
    const checkout = path.join(tmp, 'first');
    await materializeState({ ctx: contextFor(source), commitOid: commits.first, dir: checkout });
    assertCleanCheckout(source, checkout, commits.first);
    assertStatDataMatches(checkout);

    expect(fs.statSync(path.join(checkout, 'bin/run.sh')).mode & 0o777).to.equal(0o755);
    expect(fs.statSync(path.join(checkout, 'README.md')).mode & 0o777).to.equal(0o644);
    expect(fs.lstatSync(path.join(checkout, 'link-to-file')).isSymbolicLink()).to.equal(true);
    expect(fs.readlinkSync(path.join(checkout, 'link-to-file'))).to.equal('README.md');
    expect(fs.readlinkSync(path.join(checkout, 'link-to-dir'))).to.equal('src/lib');
    expect(fs.readFileSync(path.join(checkout, 'link-to-dir', 'a.ts'), 'utf8')).to.equal(
      'export const a = 1;\n',
    );
    expect(fs.readFileSync(path.join(checkout, 'assets/blob.bin')).equals(BINARY)).to.equal(true);
    expect(fs.readFileSync(path.join(checkout, UNICODE_NAME), 'utf8')).to.equal('unicode\n');
    expect(fs.readFileSync(path.join(checkout, 'empty.txt'), 'utf8')).to.equal('');
    expect(fs.readFileSync(path.join(checkout, 'src/lib/deep/er/c.txt'), 'utf8')).to.equal('deep\n');
    expect(fs.statSync(path.join(checkout, 'vendor/sub')).isDirectory()).to.equal(true);
    expect(fs.readdirSync(path.join(checkout, 'vendor/sub'))).to.deep.equal([]);
  });

  it('reads objects from a pack when the repository has been garbage-collected', async () => {
    const packed = path.join(tmp, 'packed');
    createRepository(packed);
    git(packed, ['gc', '-q', '--prune=now']);
    // The test means something only if no loose object is left.
    expect(git(packed, ['count-objects', '-v'])).to.match(/^count: 0$/m);
    const head = git(packed, ['rev-parse', 'HEAD']).trim();
    const first = git(packed, ['rev-parse', 'HEAD~1']).trim();
    const ctx = contextFor(packed);
    for (const commit of [head, first]) {
      const checkout = path.join(tmp, `packed-${commit}`);
      await materializeState({ ctx, commitOid: commit, dir: checkout });
      assertCleanCheckout(packed, checkout, commit);
    }
  });

  it('keeps what a job commits in the checkout, away from the source repository', async () => {
    const checkout = path.join(tmp, 'committing');
    await materializeState({ ctx: contextFor(source), commitOid: commits.second, dir: checkout });
    const refsBefore = git(source, ['for-each-ref', '--format=%(refname) %(objectname)']);
    const headBefore = fs.readFileSync(path.join(source, '.git', 'HEAD'), 'utf8');

    write(checkout, 'generated.txt', 'built\n');
    git(checkout, ['add', 'generated.txt']);
    git(checkout, ['-c', 'user.name=a', '-c', 'user.email=a@a', 'commit', '-q', '--allow-empty', '-m', 'x']);
    const made = git(checkout, ['rev-parse', 'HEAD']).trim();

    expect(made).not.to.equal(commits.second);
    expect(git(checkout, ['rev-parse', 'HEAD~1']).trim()).to.equal(commits.second);
    expect(git(source, ['for-each-ref', '--format=%(refname) %(objectname)'])).to.equal(refsBefore);
    expect(fs.readFileSync(path.join(source, '.git', 'HEAD'), 'utf8')).to.equal(headBefore);
    expect(() => git(source, ['cat-file', '-e', made])).to.throw();
  });

  it('creates a missing directory and its parents', async () => {
    const checkout = path.join(tmp, 'missing', 'parents', 'state');
    await materializeState({ ctx: contextFor(source), commitOid: commits.second, dir: checkout });
    expect(git(checkout, ['status', '--porcelain'])).to.equal('');
  });

  it('accepts an existing empty directory and refuses a non-empty one, naming it', async () => {
    const empty = path.join(tmp, 'empty-dir');
    fs.mkdirSync(empty);
    await materializeState({ ctx: contextFor(source), commitOid: commits.second, dir: empty });
    expect(git(empty, ['rev-parse', 'HEAD']).trim()).to.equal(commits.second);

    const busy = path.join(tmp, 'busy dir');
    write(busy, 'keep.txt', 'mine\n');
    const error = await materializeState({
      ctx: contextFor(source),
      commitOid: commits.second,
      dir: busy,
    }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).to.be.instanceOf(Error);
    expect((error as Error).message).to.include(busy);
    expect(listFiles(busy)).to.deep.equal(['keep.txt']);
  });

  it('rejects an id that is not a full commit id, before writing anything', async () => {
    const checkout = path.join(tmp, 'bad-id');
    for (const commitOid of ['HEAD', commits.second.slice(0, 12)]) {
      const error = await materializeState({ ctx: contextFor(source), commitOid, dir: checkout }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).to.be.instanceOf(Error);
    }
    expect(fs.existsSync(checkout)).to.equal(false);

    const missing = await materializeState({
      ctx: contextFor(source),
      commitOid: 'f'.repeat(40),
      dir: checkout,
    }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(missing).to.be.instanceOf(Error);
    expect(fs.existsSync(path.join(checkout, '.git'))).to.equal(false);
  });

  it('refuses a tree holding a .git entry, as git does', async () => {
    const evil = path.join(tmp, 'evil');
    fs.mkdirSync(evil);
    git(evil, ['init', '-q']);
    const blob = execFileSync('git', ['hash-object', '-w', '--stdin'], { cwd: evil, input: '[core]\n' })
      .toString()
      .trim();
    const inner = execFileSync('git', ['mktree'], { cwd: evil, input: `100644 blob ${blob}\tconfig\n` })
      .toString()
      .trim();
    // --missing skips mktree's own checks; git itself would never write this tree.
    const tree = execFileSync('git', ['mktree', '--missing'], {
      cwd: evil,
      input: `040000 tree ${inner}\t.GIT\n`,
    })
      .toString()
      .trim();
    const commit = git(evil, ['commit-tree', tree, '-m', 'evil']).trim();
    const checkout = path.join(tmp, 'evil-checkout');
    const error = await materializeState({ ctx: contextFor(evil), commitOid: commit, dir: checkout }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(String(error)).to.match(/unsafe path "\.GIT"/);
    expect(fs.existsSync(path.join(checkout, '.git'))).to.equal(false);
  });
});
