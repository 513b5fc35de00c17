import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { expect } from 'chai';
import fc from 'fast-check';
import type { GitContext } from '../../../../src/git/git-context.js';
import { materializeState } from '../../../../src/git/checkout/materialize-state.js';
import { readGitIndex } from '../../../../src/git/index-file/read-git-index.js';
import { updateState } from '../../../../src/git/checkout/update-state.js';
import { compareIndexStat } from '../../../../src/git/checkout/update/compare-index-stat.js';
import { openGitContext } from '../../../../src/git/open-git-context.js';

// ---------------------------------------------------------------------------------------------------------
// Native git, the oracle
// ---------------------------------------------------------------------------------------------------------

const GIT_ENV = {
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_AUTHOR_NAME: 'specgate',
  GIT_AUTHOR_EMAIL: 'specgate@example.com',
  GIT_COMMITTER_NAME: 'specgate',
  GIT_COMMITTER_EMAIL: 'specgate@example.com',
};

function git(
  cwd: string,
  args: string[],
  options: { input?: string | Buffer; env?: Record<string, string> } = {},
): string {
  return execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    input: options.input,
    stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    env: { ...process.env, ...GIT_ENV, ...options.env },
  });
}

/** Read-only git: never refreshes (rewrites) the checkout's index, so it cannot hide a bad one. */
function inspect(cwd: string, args: string[]): string {
  return git(cwd, args, { env: { GIT_OPTIONAL_LOCKS: '0' } });
}

type Entry =
  | { type: 'file'; content: string | Buffer; exec?: boolean }
  | { type: 'link'; target: string }
  | { type: 'gitlink'; oid: string };

type Tree = Map<string, Entry>;

/** Creates one commit per tree with `git fast-import` (in a pack), returning their ids in order. */
function commitTrees(repo: string, trees: Tree[]): string[] {
  const chunks: Buffer[] = [];
  const text = (s: string): void => {
    chunks.push(Buffer.from(s, 'utf8'));
  };
  const data = (content: string | Buffer): void => {
    const bytes = Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8');
    text(`data ${bytes.length}\n`);
    chunks.push(bytes);
    text('\n');
  };
  trees.forEach((tree, index) => {
    text(
      `commit refs/heads/t${index}\ncommitter specgate <specgate@example.com> ${1_700_000_000 + index} +0000\n`,
    );
    data(`tree ${index}`);
    text('deleteall\n');
    for (const [file, entry] of tree) {
      if (entry.type === 'gitlink') {
        text(`M 160000 ${entry.oid} ${file}\n`);
      } else if (entry.type === 'link') {
        text(`M 120000 inline ${file}\n`);
        data(entry.target);
      } else {
        text(`M ${entry.exec ? '100755' : '100644'} inline ${file}\n`);
        data(entry.content);
      }
    }
  });
  execFileSync('git', ['fast-import', '--quiet', '--force'], {
    cwd: repo,
    input: Buffer.concat(chunks),
    env: { ...process.env, ...GIT_ENV },
  });
  return trees.map((_, index) => git(repo, ['rev-parse', `refs/heads/t${index}`]).trim());
}

function createRepository(repo: string): void {
  fs.mkdirSync(repo, { recursive: true });
  git(repo, ['init', '-q', '-b', 'main']);
}

function contextFor(repo: string): GitContext {
  return openGitContext({
    fs,
    dir: repo,
    gitdir: path.join(repo, '.git'),
    objectsDir: path.join(repo, '.git', 'objects'),
  });
}

// ---------------------------------------------------------------------------------------------------------
// What a checkout looks like
// ---------------------------------------------------------------------------------------------------------

function sha(data: Buffer): string {
  return createHash('sha1').update(data).digest('hex').slice(0, 12);
}

/** Every path below `root` except the top-level `skip`: type, permission bits and content (names as bytes). */
function snapshot(root: string, skip: string | undefined): string[] {
  const lines: string[] = [];
  const walk = (absolute: Buffer, rel: string): void => {
    for (const name of fs.readdirSync(absolute, { encoding: 'buffer' })) {
      const shown = Buffer.from(name.toString('utf8')).equals(name)
        ? name.toString('utf8')
        : `<${name.toString('hex')}>`;
      if (rel === '' && shown === skip) continue;
      const childRel = rel === '' ? shown : `${rel}/${shown}`;
      const full = Buffer.concat([absolute, Buffer.from(path.sep), name]);
      const stat = fs.lstatSync(full);
      if (stat.isSymbolicLink())
        lines.push(`${childRel} link ${fs.readlinkSync(full, { encoding: 'buffer' }).toString('hex')}`);
      else if (stat.isFile())
        lines.push(`${childRel} file ${(stat.mode & 0o7777).toString(8)} ${sha(fs.readFileSync(full))}`);
      else if (stat.isDirectory()) {
        lines.push(`${childRel}/ dir`);
        walk(full, childRel);
      } else lines.push(`${childRel} other`);
    }
  };
  walk(Buffer.from(root), '');
  return lines.sort();
}

/** `.git` of a checkout, its index aside (stat data differs by design). */
function gitdirSnapshot(checkout: string): string[] {
  return snapshot(path.join(checkout, '.git'), 'index');
}

function stage(checkout: string): string[] {
  return inspect(checkout, ['ls-files', '-s', '-z']).split('\0').filter(Boolean).sort();
}

function treeAsStage(repo: string, commit: string): string[] {
  return git(repo, [
    '-c',
    'core.quotePath=false',
    'ls-tree',
    '-r',
    '-z',
    '--format=%(objectmode) %(objectname) 0\t%(path)',
    commit,
  ])
    .split('\0')
    .filter(Boolean)
    .sort();
}

/** Everything native git can tell about `checkout` being a clean checkout of `commit`, plus exact stat data. */
async function assertCleanCheckout(source: string, checkout: string, commit: string): Promise<void> {
  expect(inspect(checkout, ['rev-parse', 'HEAD']).trim()).to.equal(commit);
  expect(fs.readFileSync(path.join(checkout, '.git', 'HEAD'), 'utf8')).to.equal(`${commit}\n`);
  expect(inspect(checkout, ['status', '--porcelain', '--ignored', '--untracked-files=all'])).to.equal('');
  expect(stage(checkout)).to.deep.equal(treeAsStage(source, commit));
  expect(inspect(checkout, ['for-each-ref'])).to.equal('');
  // Every entry's stat data is the file's, so git trusts it without re-hashing.
  const entries = await readGitIndex({ fs, gitdir: path.join(checkout, '.git') });
  for (const entry of entries) {
    if (entry.mode === 0o160000) continue;
    const stat = fs.lstatSync(path.join(checkout, entry.path), { bigint: true });
    expect(entry.stat.mtimeNs, entry.path).to.equal(stat.mtimeNs);
    expect(entry.stat.ctimeNs, entry.path).to.equal(stat.ctimeNs);
    expect(entry.stat.ino, entry.path).to.equal(BigInt.asUintN(32, stat.ino));
    expect(entry.stat.size, entry.path).to.equal(stat.size);
  }
}

/** `checkout` must be what a fresh materializeState of `commit` writes, timestamps aside. */
async function assertSameAsFresh(
  ctx: GitContext,
  checkout: string,
  commit: string,
  fresh: string,
): Promise<void> {
  fs.rmSync(fresh, { recursive: true, force: true });
  await materializeState({ ctx, commitOid: commit, dir: fresh });
  expect(snapshot(checkout, '.git')).to.deep.equal(snapshot(fresh, '.git'));
  expect(gitdirSnapshot(checkout)).to.deep.equal(gitdirSnapshot(fresh));
  expect(stage(checkout)).to.deep.equal(stage(fresh));
}

function write(root: string, file: string, content: string | Buffer, mode = 0o644): void {
  const full = path.join(root, file);
  fs.mkdirSync(path.dirname(full), { recursive: true });
  fs.writeFileSync(full, content);
  fs.chmodSync(full, mode);
}

const SUBMODULE_A = '1234567890abcdef1234567890abcdef12345678';
const SUBMODULE_B = 'abcdefabcdefabcdefabcdefabcdefabcdefabcd';
const BINARY = Buffer.from(Array.from({ length: 1024 }, (_, i) => (i * 7) % 256));
const UNICODE_NAME = 'dir with space/ünïcødé file ✓.txt';

function file(content: string | Buffer, exec = false): Entry {
  return { type: 'file', content, exec };
}

/** Commit A covers every kind of entry; B changes it in every way a tree can change. */
function fixtureTrees(): { a: Tree; b: Tree } {
  const a: Tree = new Map<string, Entry>([
    ['.gitignore', file('node_modules/\n*.log\n')],
    ['README.md', file('# demo\n')],
    ['src/lib/a.ts', file('export const a = 1;\n')],
    ['src/lib/b.ts', file('export const b = 1;\n')],
    ['src/lib/deep/er/c.txt', file('deep\n')],
    ['bin/run.sh', file('#!/bin/sh\necho run\n', true)],
    ['assets/blob.bin', file(BINARY)],
    [UNICODE_NAME, file('unicode\n')],
    ['empty.txt', file('')],
    ['docs/guide.md', file('guide\n')],
    ['link-to-file', { type: 'link', target: 'README.md' }],
    ['link-to-dir', { type: 'link', target: 'src/lib' }],
    ['vendor/sub', { type: 'gitlink', oid: SUBMODULE_A }],
  ]);
  const b: Tree = new Map(a);
  b.set('src/lib/a.ts', file('export const a = 2;\n'));
  b.delete('empty.txt');
  b.set('bin/run.sh', file('#!/bin/sh\necho run\n', false));
  b.set('tools/new.sh', file('#!/bin/sh\n', true));
  b.delete('docs/guide.md');
  b.set('docs/guide.md/index.md', file('guide\n'));
  b.set('link-to-file', { type: 'link', target: 'src/lib/a.ts' });
  b.delete('src/lib/deep/er/c.txt');
  b.set('src/lib/deep', file('now a file\n'));
  b.set('vendor/sub', { type: 'gitlink', oid: SUBMODULE_B });
  b.set('assets/blob.bin', { type: 'link', target: '../README.md' });
  return { a, b };
}

/**
 * An fs whose first `lstat` of `target` answers `frozen`, as if the file had been modified again within the
 * file system's timestamp tick; later calls (after the update rewrote it) see the truth.
 */
function freezeLstat(target: string, frozen: fs.BigIntStats): typeof fs {
  let used = false;
  const lstat = (async (p: fs.PathLike, options?: fs.StatOptions) => {
    if (!used && path.resolve(String(p)) === target) {
      used = true;
      return frozen;
    }
    return fs.promises.lstat(p, options as fs.StatOptions);
  }) as typeof fs.promises.lstat;
  return { ...fs, promises: { ...fs.promises, lstat } } as typeof fs;
}

// ---------------------------------------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------------------------------------

describe('updateState', () => {
  let tmp: string;
  let source: string;
  let commits: { a: string; b: string };
  let counter = 0;
  const fresh = (): string => path.join(tmp, `checkout-${++counter}`);

  before(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'specgate-update-'));
    source = path.join(tmp, 'source');
    createRepository(source);
    const { a, b } = fixtureTrees();
    const [ca, cb] = commitTrees(source, [a, b]);
    commits = { a: ca, b: cb };
  });

  after(() => {
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('turns an untouched checkout of A into B writing only what differs', async () => {
    const ctx = contextFor(source);
    const dir = fresh();
    await materializeState({ ctx, commitOid: commits.a, dir });
    const untouched = fs.lstatSync(path.join(dir, 'src/lib/b.ts'), { bigint: true });

    const result = await updateState({ ctx, dir, commitOid: commits.b });

    // a.ts, run.sh (chmod), new.sh, guide.md/index.md, link-to-file, src/lib/deep, blob.bin (file → symlink);
    // empty.txt, docs/guide.md (a file, now a directory), src/lib/deep/er/c.txt (now a file's place).
    expect(result).to.deep.equal({ written: 7, removed: 3 });
    await assertCleanCheckout(source, dir, commits.b);
    await assertSameAsFresh(ctx, dir, commits.b, fresh());
    // Paths that did not change were not rewritten.
    const after = fs.lstatSync(path.join(dir, 'src/lib/b.ts'), { bigint: true });
    expect([after.ino, after.mtimeNs, after.ctimeNs]).to.deep.equal([
      untouched.ino,
      untouched.mtimeNs,
      untouched.ctimeNs,
    ]);
    expect(fs.statSync(path.join(dir, 'bin/run.sh')).mode & 0o777).to.equal(0o644);
    expect(fs.readlinkSync(path.join(dir, 'assets/blob.bin'))).to.equal('../README.md');
    expect(fs.readdirSync(path.join(dir, 'vendor/sub'))).to.deep.equal([]);

    // Updating to the same commit again finds nothing to do.
    expect(await updateState({ ctx, dir, commitOid: commits.b })).to.deep.equal({ written: 0, removed: 0 });
    await assertCleanCheckout(source, dir, commits.b);

    // And back: B to A.
    await updateState({ ctx, dir, commitOid: commits.a });
    await assertCleanCheckout(source, dir, commits.a);
    await assertSameAsFresh(ctx, dir, commits.a, fresh());
  });

  it('undoes everything jobs did: edits, deletions, untracked and ignored files, modes, type changes, commits', async () => {
    const ctx = contextFor(source);
    const dir = fresh();
    await materializeState({ ctx, commitOid: commits.a, dir });
    const bad = Buffer.from('bad-\xff-name.txt', 'latin1');

    // Same size, straight after the checkout: possibly within the index's timestamp tick.
    fs.writeFileSync(path.join(dir, 'README.md'), '# DEMO\n');
    // Edited and restored: same bytes, new stat data.
    fs.writeFileSync(path.join(dir, 'src/lib/b.ts'), 'something else entirely\n');
    fs.writeFileSync(path.join(dir, 'src/lib/b.ts'), 'export const b = 1;\n');
    fs.rmSync(path.join(dir, UNICODE_NAME));
    fs.rmSync(path.join(dir, 'docs'), { recursive: true });
    write(dir, 'build/out.js', 'built\n');
    write(dir, 'debug.log', 'ignored\n');
    write(dir, 'src/lib/generated.ts', 'generated\n');
    write(dir, 'node_modules/pkg/index.js', 'module.exports = 1;\n');
    write(dir, 'node_modules/pkg/deep/er/x.js', 'x\n');
    fs.mkdirSync(path.join(dir, 'node_modules/.bin'));
    fs.symlinkSync('../pkg/index.js', path.join(dir, 'node_modules/.bin/pkg'));
    fs.mkdirSync(path.join(dir, 'empty-dir/nested'), { recursive: true });
    fs.writeFileSync(Buffer.concat([Buffer.from(`${dir}/`), bad]), 'not utf-8\n');
    write(dir, 'vendor/sub/checked-out.txt', 'a submodule got populated\n');
    fs.chmodSync(path.join(dir, '.gitignore'), 0o755);
    fs.chmodSync(path.join(dir, 'src/lib/a.ts'), 0o600);
    // A symlink replaced by a directory, a directory by a file.
    fs.rmSync(path.join(dir, 'link-to-dir'));
    write(dir, 'link-to-dir/inside.txt', 'was a symlink\n');
    fs.rmSync(path.join(dir, 'bin'), { recursive: true });
    write(dir, 'bin', 'was a directory\n');
    // A job commits, branches and tags in its checkout, and changes its config.
    git(dir, ['add', '-A']);
    git(dir, ['commit', '-q', '-m', 'job commit']);
    write(dir, 'src/lib/a.ts', 'export const a = 42;\n', 0o600);
    git(dir, ['commit', '-q', '-am', 'job commit -am']);
    git(dir, ['branch', 'job-branch']);
    git(dir, ['tag', 'job-tag']);
    git(dir, ['config', 'core.fileMode', 'false']);
    write(path.join(dir, '.git'), 'hooks/pre-commit', '#!/bin/sh\nexit 1\n', 0o755);
    write(path.join(dir, '.git'), 'info/exclude', 'build/\n');
    expect(inspect(dir, ['rev-parse', 'HEAD']).trim()).not.to.equal(commits.a);

    const result = await updateState({ ctx, dir, commitOid: commits.b });

    await assertCleanCheckout(source, dir, commits.b);
    await assertSameAsFresh(ctx, dir, commits.b, fresh());
    expect(fs.readFileSync(path.join(dir, 'README.md'), 'utf8')).to.equal('# demo\n');
    expect(fs.existsSync(path.join(dir, 'node_modules'))).to.equal(false);
    expect(fs.readdirSync(path.join(dir, 'vendor/sub'))).to.deep.equal([]);
    // Objects the job's commits created are gone with them; the source repository never saw them.
    expect(snapshot(path.join(dir, '.git', 'objects'), undefined)).to.deep.equal([
      'info/ dir',
      'info/alternates file 644 ' + sha(Buffer.from(`${path.join(source, '.git', 'objects')}\n`)),
      'pack/ dir',
    ]);
    expect(result.written).to.be.greaterThanOrEqual(7);
    expect(result.removed).to.be.greaterThanOrEqual(8);
  });

  it('re-hashes a racily clean entry: same stat data, new content', async () => {
    const ctx = contextFor(source);
    const dir = fresh();
    await materializeState({ ctx, commitOid: commits.a, dir });
    const target = path.join(dir, 'README.md');
    const recorded = fs.lstatSync(target, { bigint: true });
    fs.writeFileSync(target, '# DEMO\n');
    // As git would see it if the edit fell within the tick that wrote the file and the index.
    const index = path.join(dir, '.git', 'index');
    const tick = new Date(Number(recorded.mtimeNs / 1_000_000n));
    fs.utimesSync(index, tick, tick);

    const result = await updateState({
      ctx: { ...ctx, fs: freezeLstat(target, recorded) },
      dir,
      commitOid: commits.a,
    });

    expect(result).to.deep.equal({ written: 1, removed: 0 });
    expect(fs.readFileSync(target, 'utf8')).to.equal('# demo\n');
    await assertCleanCheckout(source, dir, commits.a);
  });

  it('trusts unchanged stat data older than the index, as git does, without reading the file', async () => {
    const ctx = contextFor(source);
    const dir = fresh();
    await materializeState({ ctx, commitOid: commits.a, dir });
    const target = path.join(dir, 'README.md');
    const recorded = fs.lstatSync(target, { bigint: true });
    const later = new Date(Number(recorded.mtimeNs / 1_000_000n) + 5_000);
    fs.utimesSync(path.join(dir, '.git', 'index'), later, later);
    fs.chmodSync(target, 0o000); // reading it would fail

    const result = await updateState({
      ctx: { ...ctx, fs: freezeLstat(target, recorded) },
      dir,
      commitOid: commits.a,
    });
    expect(result).to.deep.equal({ written: 0, removed: 0 });
    fs.chmodSync(target, 0o644);
  });

  it('checks the commit out afresh when the index is missing or corrupt', async () => {
    const ctx = contextFor(source);
    for (const damage of ['missing', 'corrupt', 'split'] as const) {
      const dir = fresh();
      await materializeState({ ctx, commitOid: commits.a, dir });
      write(dir, 'node_modules/x.js', 'x\n');
      const index = path.join(dir, '.git', 'index');
      if (damage === 'missing') fs.rmSync(index);
      if (damage === 'corrupt') fs.writeFileSync(index, fs.readFileSync(index).subarray(0, 200));
      if (damage === 'split') git(dir, ['update-index', '--split-index']);
      const total = treeAsStage(source, commits.b).length;

      const result = await updateState({ ctx, dir, commitOid: commits.b });

      expect(result.written, damage).to.equal(total);
      await assertCleanCheckout(source, dir, commits.b);
      await assertSameAsFresh(ctx, dir, commits.b, fresh());
    }
  });

  it('checks out into a missing or empty directory, and refuses anything that is not a state checkout', async () => {
    const ctx = contextFor(source);
    const missing = path.join(fresh(), 'deeper');
    const total = treeAsStage(source, commits.a).length;
    expect(await updateState({ ctx, dir: missing, commitOid: commits.a })).to.deep.equal({
      written: total,
      removed: 0,
    });
    await assertCleanCheckout(source, missing, commits.a);
    await assertSameAsFresh(ctx, missing, commits.a, fresh());

    const empty = fresh();
    fs.mkdirSync(empty);
    await updateState({ ctx, dir: empty, commitOid: commits.a });
    await assertCleanCheckout(source, empty, commits.a);

    const failure = (dir: string, context: GitContext, commitOid: string): Promise<unknown> =>
      updateState({ ctx: context, dir, commitOid }).then(
        () => undefined,
        (error: unknown) => error,
      );
    // Someone's files, a real repository, the source repository itself, a checkout of another repository.
    const busy = fresh();
    write(busy, 'keep.txt', 'mine\n');
    const other = fresh();
    createRepository(other);
    write(other, 'keep.txt', 'mine\n');
    const notDir = path.join(fresh(), 'file');
    write(path.dirname(notDir), 'file', 'x');
    const elsewhere = path.join(tmp, 'elsewhere');
    createRepository(elsewhere);
    const [elsewhereCommit] = commitTrees(elsewhere, [new Map([['x', file('x\n')]])]);
    for (const [dir, context, commit] of [
      [busy, ctx, commits.a],
      [other, ctx, commits.a],
      [source, ctx, commits.a],
      [notDir, ctx, commits.a],
      [missing, contextFor(elsewhere), elsewhereCommit],
    ] as const) {
      const before = snapshot(dir === notDir ? path.dirname(dir) : dir, undefined);
      const error = await failure(dir, context, commit);
      expect(error, dir).to.be.instanceOf(Error);
      expect((error as { code?: string }).code, dir).to.equal('WORK_DIR');
      expect((error as Error).message).to.include(dir);
      expect(snapshot(dir === notDir ? path.dirname(dir) : dir, undefined), dir).to.deep.equal(before);
    }
  });

  it('rejects a bad commit id before touching anything', async () => {
    const ctx = contextFor(source);
    const dir = fresh();
    await materializeState({ ctx, commitOid: commits.a, dir });
    write(dir, 'node_modules/x.js', 'x\n');
    const before = snapshot(dir, undefined);
    for (const commitOid of ['HEAD', commits.b.slice(0, 12), 'f'.repeat(40)]) {
      const error = await updateState({ ctx, dir, commitOid }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error, commitOid).to.be.instanceOf(Error);
    }
    expect(snapshot(dir, undefined)).to.deep.equal(before);
  });

  it('refuses a target tree holding a .git entry before touching anything', async () => {
    const evil = path.join(tmp, 'evil');
    createRepository(evil);
    const blob = git(evil, ['hash-object', '-w', '--stdin'], { input: '[core]\n' }).trim();
    const inner = git(evil, ['mktree'], { input: `100644 blob ${blob}\tconfig\n` }).trim();
    const tree = git(evil, ['mktree', '--missing'], {
      input: `040000 tree ${inner}\t.GIT\n100644 blob ${blob}\tok\n`,
    }).trim();
    const bad = git(evil, ['commit-tree', tree, '-m', 'evil']).trim();
    const [good] = commitTrees(evil, [new Map([['ok', file('[core]\n')]])]);
    const ctx = contextFor(evil);
    const dir = fresh();
    await materializeState({ ctx, commitOid: good, dir });
    write(dir, 'untracked', 'x\n');
    const before = snapshot(dir, undefined);
    const error = await updateState({ ctx, dir, commitOid: bad }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(String(error)).to.match(/unsafe path "\.GIT"/);
    expect(snapshot(dir, undefined)).to.deep.equal(before);
  });

  /** Checks out A, lets a job damage it, updates to B: the result must be exactly a fresh checkout of B. */
  const checkCase = async (
    root: string,
    { a, b, damage }: { a: Tree; b: Tree; damage: Damage[] },
  ): Promise<void> => {
    try {
      const repo = path.join(root, 'repo');
      createRepository(repo);
      const [ca, cb] = commitTrees(repo, [a, b]);
      const ctx = contextFor(repo);
      const dir = path.join(root, 'state');
      await materializeState({ ctx, commitOid: ca, dir });
      applyDamage(dir, [...a.keys()].sort(), damage);

      await updateState({ ctx, dir, commitOid: cb });
      await assertCleanCheckout(repo, dir, cb);
      await assertSameAsFresh(ctx, dir, cb, path.join(root, 'fresh'));
      // Nothing left to do: a second update writes and removes nothing.
      expect(await updateState({ ctx, dir, commitOid: cb })).to.deep.equal({ written: 0, removed: 0 });
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  };

  it('matches a fresh checkout for random trees and random job damage (property)', async function () {
    this.timeout(600_000);
    let run = 0;
    await fc.assert(
      fc.asyncProperty(arbitraryCase(), (example) => checkCase(path.join(tmp, `prop-${++run}`), example)),
      { numRuns: Number(process.env.SPECGATE_PROPERTY_RUNS ?? 60) },
    );
  });

  // Found by the property (seed 650375512): the index lists a/a/inside.txt, but a/a is gone and a/ is empty.
  it('prunes a directory left empty when a job deleted a directory that its commit had indexed', async () => {
    await checkCase(path.join(tmp, 'committed-then-deleted'), {
      a: new Map([['a/a', file('')]]),
      b: new Map(),
      damage: [{ op: 'fileToDir', pick: 0 }, { op: 'commit' }, { op: 'delete', pick: 0 }],
    });
  });

  // How long this takes, against a fresh checkout, is a figure of `npm run bench`
  // (test/bench/measure-update-state.ts).
  it('updates a 5,000-file tree by the 20 files that differ, and back, to clean checkouts', async function () {
    this.timeout(600_000);
    const repo = path.join(tmp, 'timing');
    createRepository(repo);
    const a: Tree = new Map();
    for (let i = 0; i < 5000; i++) {
      a.set(
        `pkg${i % 10}/mod${Math.floor(i / 100)}/sub${i % 3}/file${i}.ts`,
        file(`export const v${i} = ${i};\n`.repeat(8)),
      );
    }
    const b: Tree = new Map(a);
    const names = [...a.keys()];
    for (let i = 0; i < 10; i++) b.set(names[i * 487], file(`changed ${i}\n`));
    for (let i = 0; i < 5; i++) b.delete(names[i * 997 + 3]);
    for (let i = 0; i < 5; i++) b.set(`pkg${i}/added/new${i}.ts`, file(`new ${i}\n`));
    const [ca, cb] = commitTrees(repo, [a, b]);
    const ctx = contextFor(repo);

    const dir = path.join(tmp, 'timing-state');
    await materializeState({ ctx, commitOid: ca, dir });
    const result = await updateState({ ctx, dir, commitOid: cb });
    expect(result).to.deep.equal({ written: 15, removed: 5 });
    await assertCleanCheckout(repo, dir, cb);
    expect(await updateState({ ctx, dir, commitOid: cb })).to.deep.equal({ written: 0, removed: 0 });
    await updateState({ ctx, dir, commitOid: ca });
    await assertCleanCheckout(repo, path.join(tmp, 'timing-state'), ca);
  });
});

describe('compareIndexStat', () => {
  const base = fs.lstatSync(process.cwd(), { bigint: true });
  const stat = (
    overrides: Partial<Record<'mode' | 'mtimeNs' | 'ctimeNs' | 'ino' | 'size', bigint>>,
    type = 'file',
  ): fs.BigIntStats =>
    ({
      ...base,
      mode: 0o100644n,
      mtimeNs: 1_000_000_000_500n,
      ctimeNs: 1_000_000_000_500n,
      ino: 7n,
      uid: 1n,
      gid: 1n,
      size: 10n,
      ...overrides,
      isFile: () => type === 'file',
      isSymbolicLink: () => type === 'link',
      isDirectory: () => type === 'dir',
    }) as fs.BigIntStats;
  const compare = (mode: number, actual: fs.BigIntStats, indexMtimeNs = 2_000_000_000_000n): string =>
    compareIndexStat({ mode, recorded: stat({}), actual, indexMtimeNs });

  it('is clean only when type, permissions and every compared field match', () => {
    expect(compare(0o100644, stat({}))).to.equal('clean');
    expect(compare(0o100755, stat({ mode: 0o100755n }))).to.equal('clean');
    expect(compare(0o100644, stat({ mode: 0o100755n }))).to.equal('dirty');
    expect(compare(0o100644, stat({ mode: 0o100600n }))).to.equal('dirty');
    expect(compare(0o100644, stat({ mtimeNs: 1_000_000_000_501n }))).to.equal('dirty');
    expect(compare(0o100644, stat({ ctimeNs: 1_000_000_000_501n }))).to.equal('dirty');
    expect(compare(0o100644, stat({ ino: 8n }))).to.equal('dirty');
    expect(compare(0o100644, stat({ size: 11n }))).to.equal('dirty');
    expect(compare(0o100644, stat({}, 'link'))).to.equal('dirty');
    expect(compare(0o120000, stat({ mode: 0o120777n }, 'link'))).to.equal('clean');
    expect(compare(0o120000, stat({}))).to.equal('dirty');
    expect(compare(0o160000, stat({ size: 99n }, 'dir'))).to.equal('clean');
    expect(compare(0o160000, stat({}))).to.equal('dirty');
    // 32-bit truncation, as the index stores it.
    expect(compare(0o100644, stat({ ino: 7n + 2n ** 32n }))).to.equal('clean');
  });

  it('is racy when the entry is not older than the index', () => {
    expect(compare(0o100644, stat({}), 1_000_000_000_500n)).to.equal('racy');
    expect(compare(0o100644, stat({}), 1_000_000_000_499n)).to.equal('racy');
    expect(compare(0o100644, stat({}), 1_000_000_000_501n)).to.equal('clean');
  });
});

// ---------------------------------------------------------------------------------------------------------
// Random trees and random damage
// ---------------------------------------------------------------------------------------------------------

const NAMES = ['a', 'b', 'c.txt', 'd e', 'ü', 'a-b', 'a0', 'node_modules', 'x.log'];
const CONTENTS = ['', 'one\n', 'two\n', 'three\n', 'a longer line of text\n'];
const TARGETS = ['a', '../b', 'c.txt', 'nowhere/at/all'];

const arbitraryPath = fc
  .array(fc.constantFrom(...NAMES), { minLength: 1, maxLength: 5 })
  .map((names) => names.join('/'));
const arbitraryEntry: fc.Arbitrary<Entry> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc
      .record({ content: fc.constantFrom(...CONTENTS), exec: fc.boolean() })
      .map(({ content, exec }) => file(content, exec)),
  },
  { weight: 2, arbitrary: fc.constantFrom(...TARGETS).map((target): Entry => ({ type: 'link', target })) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(SUBMODULE_A, SUBMODULE_B).map((oid): Entry => ({ type: 'gitlink', oid })),
  },
);

/** Puts `entry` at `file`, displacing whatever stood in its way (a file where a directory must go, or back). */
function place(tree: Tree, file: string, entry: Entry): void {
  for (const existing of [...tree.keys()]) {
    if (existing === file || existing.startsWith(`${file}/`) || file.startsWith(`${existing}/`))
      tree.delete(existing);
  }
  tree.set(file, entry);
}

type Mutation =
  | { kind: 'add'; path: string; entry: Entry }
  | { kind: 'delete'; pick: number }
  | { kind: 'modify'; pick: number; entry: Entry }
  | { kind: 'flip'; pick: number }
  | { kind: 'move'; pick: number; to: string }
  | { kind: 'deleteDir'; pick: number };

const arbitraryMutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('add' as const), path: arbitraryPath, entry: arbitraryEntry }),
  fc.record({ kind: fc.constant('delete' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('modify' as const), pick: fc.nat(), entry: arbitraryEntry }),
  fc.record({ kind: fc.constant('flip' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('move' as const), pick: fc.nat(), to: arbitraryPath }),
  fc.record({ kind: fc.constant('deleteDir' as const), pick: fc.nat() }),
);

function mutate(a: Tree, mutations: Mutation[]): Tree {
  const b: Tree = new Map(a);
  for (const m of mutations) {
    const keys = [...b.keys()].sort();
    const picked = keys.length > 0 && 'pick' in m ? keys[m.pick % keys.length] : undefined;
    const entry = picked === undefined ? undefined : b.get(picked);
    switch (m.kind) {
      case 'add':
        place(b, m.path, m.entry);
        break;
      case 'delete':
        if (picked !== undefined) b.delete(picked);
        break;
      case 'modify':
        if (picked !== undefined) b.set(picked, m.entry);
        break;
      case 'flip':
        if (picked !== undefined && entry?.type === 'file') b.set(picked, { ...entry, exec: !entry.exec });
        break;
      case 'move':
        if (picked !== undefined && entry) {
          b.delete(picked);
          place(b, m.to, entry);
        }
        break;
      case 'deleteDir':
        if (picked?.includes('/')) {
          const dir = picked.slice(0, picked.indexOf('/'));
          for (const key of keys) if (key.startsWith(`${dir}/`)) b.delete(key);
        }
        break;
    }
  }
  return b;
}

type Damage =
  | { op: 'edit'; pick: number; sameSize: boolean }
  | { op: 'touch'; pick: number }
  | { op: 'delete'; pick: number }
  | { op: 'untracked'; pick: number; name: string }
  | { op: 'nodeModules' }
  | { op: 'chmod'; pick: number; mode: number }
  | { op: 'fileToDir'; pick: number }
  | { op: 'dirToFile'; pick: number }
  | { op: 'toSymlink'; pick: number }
  | { op: 'emptyDir'; pick: number }
  | { op: 'commit' }
  | { op: 'branch' }
  | { op: 'dropIndex' };

const arbitraryDamage: fc.Arbitrary<Damage> = fc.oneof(
  fc.record({ op: fc.constant('edit' as const), pick: fc.nat(), sameSize: fc.boolean() }),
  fc.record({ op: fc.constant('touch' as const), pick: fc.nat() }),
  fc.record({ op: fc.constant('delete' as const), pick: fc.nat() }),
  fc.record({
    op: fc.constant('untracked' as const),
    pick: fc.nat(),
    name: fc.constantFrom('new.txt', 'out.log', 'node_modules'),
  }),
  fc.constant({ op: 'nodeModules' as const }),
  fc.record({
    op: fc.constant('chmod' as const),
    pick: fc.nat(),
    mode: fc.constantFrom(0o755, 0o644, 0o600),
  }),
  fc.record({ op: fc.constant('fileToDir' as const), pick: fc.nat() }),
  fc.record({ op: fc.constant('dirToFile' as const), pick: fc.nat() }),
  fc.record({ op: fc.constant('toSymlink' as const), pick: fc.nat() }),
  fc.record({ op: fc.constant('emptyDir' as const), pick: fc.nat() }),
  fc.constant({ op: 'commit' as const }),
  fc.constant({ op: 'branch' as const }),
  fc.constant({ op: 'dropIndex' as const }),
);

function arbitraryCase(): fc.Arbitrary<{ a: Tree; b: Tree; damage: Damage[] }> {
  const arbitraryTree = fc.array(fc.tuple(arbitraryPath, arbitraryEntry), { maxLength: 25 }).map((pairs) => {
    const tree: Tree = new Map();
    for (const [p, entry] of pairs) place(tree, p, entry);
    return tree;
  });
  return fc
    .record({
      a: arbitraryTree,
      mutations: fc.array(arbitraryMutation, { maxLength: 10 }),
      independent: fc.option(arbitraryTree, { freq: 6 }),
      damage: fc.array(arbitraryDamage, { maxLength: 8 }),
    })
    .map(({ a, mutations, independent, damage }) => ({ a, b: independent ?? mutate(a, mutations), damage }));
}

/** What a job might do to its checkout. Paths are picked from A's tree; a stale pick is simply skipped. */
function applyDamage(dir: string, paths: string[], damage: Damage[]): void {
  const at = (pick: number): string | undefined =>
    paths.length === 0 ? undefined : paths[pick % paths.length];
  const full = (rel: string): string => path.join(dir, ...rel.split('/'));
  const kind = (rel: string): fs.Stats | undefined => {
    try {
      return fs.lstatSync(full(rel));
    } catch {
      return undefined;
    }
  };
  for (const d of damage) {
    const rel = 'pick' in d ? at(d.pick) : undefined;
    const stat = rel === undefined ? undefined : kind(rel);
    try {
      switch (d.op) {
        case 'edit':
          if (rel && stat?.isFile()) {
            const old = fs.readFileSync(full(rel));
            fs.writeFileSync(
              full(rel),
              d.sameSize ? Buffer.from(old.map((byte) => byte ^ 1)) : Buffer.concat([old, Buffer.from('!')]),
            );
          }
          break;
        case 'touch':
          if (rel && stat) fs.lutimesSync(full(rel), new Date(), new Date(Date.now() + 1000));
          break;
        case 'delete':
          if (rel && stat) fs.rmSync(full(rel), { recursive: true });
          break;
        case 'untracked': {
          const parent = rel && rel.includes('/') ? rel.slice(0, rel.lastIndexOf('/')) : '';
          if (kind(parent)?.isDirectory())
            write(dir, parent === '' ? d.name : `${parent}/${d.name}`, 'untracked\n');
          break;
        }
        case 'nodeModules':
          write(dir, 'node_modules/pkg/lib/index.js', 'module.exports = {};\n');
          fs.symlinkSync('pkg/lib', path.join(dir, 'node_modules', `link-${Math.random()}`));
          break;
        case 'chmod':
          if (rel && stat?.isFile()) fs.chmodSync(full(rel), d.mode);
          break;
        case 'fileToDir':
          if (rel && stat && !stat.isDirectory()) {
            fs.rmSync(full(rel));
            write(dir, `${rel}/inside.txt`, 'was a file\n');
          }
          break;
        case 'dirToFile':
          if (rel?.includes('/')) {
            const top = rel.slice(0, rel.indexOf('/'));
            fs.rmSync(full(top), { recursive: true, force: true });
            write(dir, top, 'was a directory\n');
          }
          break;
        case 'toSymlink':
          if (rel && stat) {
            fs.rmSync(full(rel), { recursive: true });
            fs.symlinkSync('somewhere', full(rel));
          }
          break;
        case 'emptyDir': {
          const parent = rel && rel.includes('/') ? rel.slice(0, rel.lastIndexOf('/')) : '';
          if (kind(parent)?.isDirectory())
            fs.mkdirSync(full(parent === '' ? 'empty' : `${parent}/empty`), { recursive: true });
          break;
        }
        case 'commit':
          git(dir, ['add', '-A']);
          git(dir, ['commit', '-q', '--allow-empty', '--no-verify', '-m', 'job']);
          break;
        case 'branch':
          git(dir, ['branch', '-f', 'job']);
          git(dir, ['tag', '-f', 'job']);
          break;
        case 'dropIndex':
          fs.rmSync(path.join(dir, '.git', 'index'), { force: true });
          break;
      }
    } catch {
      // A job's command failing (git refusing a path in a submodule, say) is damage like any other.
    }
  }
}
