import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { expect } from 'chai';
import { type ReadGitIndexEntry, readGitIndex } from '../../../../src/git/index-file/read-git-index.js';
import { type GitIndexEntry, writeGitIndex } from '../../../../src/git/index-file/write-git-index.js';

/** Native git with no user or system configuration, fixed identities, and no opportunistic index refresh. */
function git(cwd: string, args: string[], input?: string): string {
  return execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    input,
    stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    env: {
      ...process.env,
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_CONFIG_GLOBAL: '/dev/null',
      GIT_OPTIONAL_LOCKS: '0',
      GIT_AUTHOR_NAME: 'specgate',
      GIT_AUTHOR_EMAIL: 'specgate@example.com',
      GIT_COMMITTER_NAME: 'specgate',
      GIT_COMMITTER_EMAIL: 'specgate@example.com',
    },
  });
}

function write(root: string, file: string, content: string, mode = 0o644): void {
  const full = path.join(root, file);
  fs.mkdirSync(path.dirname(full), { recursive: true });
  fs.writeFileSync(full, content);
  fs.chmodSync(full, mode);
}

const ANY_COMMIT = '1234567890abcdef1234567890abcdef12345678';
const PAST = new Date('2020-01-01T00:00:00Z');
const LONG_NAME = `${'long-directory-name/'.repeat(220)}file.txt`;

/** A repository whose index holds files, an executable, a symlink, a gitlink, unicode and a >4095-byte path. */
function createRepository(repo: string): void {
  fs.mkdirSync(repo, { recursive: true });
  git(repo, ['init', '-q', '-b', 'main']);
  const files: Record<string, string> = {
    'a-b': 'dash',
    'a.b': 'dot',
    'a/b': 'slash',
    'a/c/d.txt': 'deep',
    a0: 'zero',
    'space name ünï ✓.txt': 'unicode',
    empty: '',
  };
  for (const [name, content] of Object.entries(files)) write(repo, name, content);
  write(repo, 'run.sh', '#!/bin/sh\necho hi\n', 0o755);
  fs.symlinkSync('a/b', path.join(repo, 'link'));
  git(repo, ['add', '-A']);
  git(repo, ['update-index', '--add', '--cacheinfo', `160000,${ANY_COMMIT},sub`]);
  // Longer than PATH_MAX, so it can only live in the index: its name length is flagged 0xFFF.
  const blob = git(repo, ['hash-object', '-w', '--stdin'], 'long').trim();
  git(repo, ['update-index', '--add', '--cacheinfo', `100644,${blob},${LONG_NAME}`]);
}

/** git's own view of every entry: `ls-files -s --debug`, parsed. */
function nativeEntries(
  repo: string,
): { path: string; mode: number; oid: string; stage: number; debug: Record<string, string> }[] {
  const staged = git(repo, ['ls-files', '-s', '-z']).split('\0').filter(Boolean);
  const debug = git(repo, ['-c', 'core.quotePath=false', 'ls-files', '-s', '--debug'])
    .split(/\n(?=\d{6} )/)
    .map((block) => {
      const fields: Record<string, string> = {};
      for (const match of block.matchAll(/(ctime|mtime|dev|ino|uid|gid|size|flags): ([0-9a-f:]+)/g))
        fields[match[1]] = match[2];
      return fields;
    });
  return staged.map((line, index) => {
    const [meta, file] = line.split('\t');
    const [mode, oid, stage] = meta.split(' ');
    return { path: file, mode: parseInt(mode, 8), oid, stage: Number(stage), debug: debug[index] };
  });
}

function expectMatchesNative(entries: ReadGitIndexEntry[], repo: string): void {
  const native = nativeEntries(repo);
  expect(entries.map((e) => `${e.mode.toString(8)} ${e.oid} ${e.stage}\t${e.path}`)).to.deep.equal(
    native.map((e) => `${e.mode.toString(8)} ${e.oid} ${e.stage}\t${e.path}`),
  );
  const sec = (ns: bigint): string => `${ns / 1_000_000_000n}:${ns % 1_000_000_000n}`;
  entries.forEach((entry, index) => {
    const { debug } = native[index];
    expect(sec(entry.stat.ctimeNs), entry.path).to.equal(debug.ctime);
    expect(sec(entry.stat.mtimeNs), entry.path).to.equal(debug.mtime);
    expect(String(entry.stat.dev), entry.path).to.equal(debug.dev);
    expect(String(entry.stat.ino), entry.path).to.equal(debug.ino);
    expect(String(entry.stat.uid), entry.path).to.equal(debug.uid);
    expect(String(entry.stat.gid), entry.path).to.equal(debug.gid);
    expect(String(entry.stat.size), entry.path).to.equal(debug.size);
  });
}

/** Rewrites a file's trailing SHA-1 after `edit`, so that only the edit is wrong. */
function editIndex(file: string, edit: (body: Buffer) => Buffer): void {
  const data = fs.readFileSync(file);
  const body = edit(Buffer.from(data.subarray(0, data.length - 20)));
  fs.writeFileSync(file, Buffer.concat([body, createHash('sha1').update(body).digest()]));
}

describe('readGitIndex', () => {
  let tmp: string;
  let repo: string;

  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'specgate-read-index-'));
    repo = path.join(tmp, 'repo');
    createRepository(repo);
  });

  afterEach(() => {
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('reads the version 2 index native git writes: paths, modes, ids, stages and stat data', async () => {
    const gitdir = path.join(repo, '.git');
    expect(fs.readFileSync(path.join(gitdir, 'index')).readUInt32BE(4)).to.equal(2);
    const entries = await readGitIndex({ fs, gitdir });
    expect(entries).to.have.length(11);
    expectMatchesNative(entries, repo);
    const byPath = new Map(entries.map((e) => [e.path, e]));
    expect(byPath.get('run.sh')?.mode).to.equal(0o100755);
    expect(byPath.get('link')?.mode).to.equal(0o120000);
    expect(byPath.get('link')?.stat.isSymbolicLink()).to.equal(true);
    expect(byPath.get('sub')?.mode).to.equal(0o160000);
    expect(byPath.get('sub')?.oid).to.equal(ANY_COMMIT);
    expect(byPath.get(LONG_NAME)?.oid).to.equal(git(repo, ['hash-object', '--stdin'], 'long').trim());
    expect(byPath.get('space name ünï ✓.txt')?.oid).to.equal(
      git(repo, ['hash-object', 'space name ünï ✓.txt']).trim(),
    );
    for (const entry of entries) {
      expect(entry, entry.path).to.include({
        stage: 0,
        assumeValid: false,
        skipWorktree: false,
        intentToAdd: false,
      });
    }
    // Exact nanoseconds, as the lstat git recorded them from.
    const stat = fs.lstatSync(path.join(repo, 'a/c/d.txt'), { bigint: true });
    expect(byPath.get('a/c/d.txt')?.stat.mtimeNs).to.equal(stat.mtimeNs);
    expect(byPath.get('a/c/d.txt')?.stat.ctimeNs).to.equal(stat.ctimeNs);
  });

  it('round-trips writeGitIndex output byte for byte', async () => {
    for (const name of ['a/b', 'run.sh', 'link']) fs.lutimesSync(path.join(repo, name), PAST, PAST);
    const entries: GitIndexEntry[] = nativeEntries(repo).map((e) => ({
      path: e.path,
      oid: e.oid,
      mode: e.mode,
      stat:
        e.mode === 0o160000 || e.path === LONG_NAME
          ? undefined
          : fs.lstatSync(path.join(repo, e.path), { bigint: true }),
    }));
    const gitdir = path.join(tmp, 'ours');
    fs.mkdirSync(gitdir);
    await writeGitIndex({ fs, gitdir, entries });
    const written = fs.readFileSync(path.join(gitdir, 'index'));

    const read = await readGitIndex({ fs, gitdir });
    const expected = [...entries].sort((a, b) => Buffer.compare(Buffer.from(a.path), Buffer.from(b.path)));
    expect(read.map((e) => [e.path, e.oid, e.mode])).to.deep.equal(
      expected.map((e) => [e.path, e.oid, e.mode]),
    );
    read.forEach((entry, index) => {
      const stat = expected[index].stat as fs.BigIntStats | undefined;
      if (!stat) {
        expect(entry.stat.mtimeNs).to.equal(0n);
        return;
      }
      expect(entry.stat.mtimeNs).to.equal(stat.mtimeNs);
      expect(entry.stat.ctimeNs).to.equal(stat.ctimeNs);
      expect(entry.stat.ino).to.equal(BigInt.asUintN(32, stat.ino));
      expect(entry.stat.size).to.equal(stat.size);
    });

    // What was read is itself a valid input to writeGitIndex, and gives the same bytes back.
    fs.rmSync(path.join(gitdir, 'index'));
    await writeGitIndex({ fs, gitdir, entries: read });
    expect(fs.readFileSync(path.join(gitdir, 'index')).equals(written)).to.equal(true);
  });

  it('reads versions 3 and 4, extended flags and conflict stages, skipping optional extensions', async () => {
    const gitdir = path.join(repo, '.git');
    // A cache-tree (TREE) extension, which git writes when it writes a tree.
    git(repo, ['write-tree']);
    git(repo, ['update-index', '--skip-worktree', 'a/b']);
    git(repo, ['update-index', '--assume-unchanged', 'a.b']);
    write(repo, 'new.txt', 'intent\n');
    git(repo, ['add', '-N', 'new.txt']);
    const blob = git(repo, ['hash-object', '-w', 'a0']).trim();
    git(
      repo,
      ['update-index', '--index-info'],
      `0 ${'0'.repeat(40)}\ta0\n100644 ${blob} 1\ta0\n100644 ${blob} 3\ta0\n`,
    );
    expect(fs.readFileSync(path.join(gitdir, 'index')).readUInt32BE(4)).to.equal(3);

    for (const version of [3, 4]) {
      git(repo, ['update-index', '--index-version', String(version)]);
      expect(fs.readFileSync(path.join(gitdir, 'index')).readUInt32BE(4)).to.equal(version);
      const entries = await readGitIndex({ fs, gitdir });
      expectMatchesNative(entries, repo);
      const flags = (p: string, stage = 0): Partial<ReadGitIndexEntry> | undefined => {
        const e = entries.find((entry) => entry.path === p && entry.stage === stage);
        return e && { assumeValid: e.assumeValid, skipWorktree: e.skipWorktree, intentToAdd: e.intentToAdd };
      };
      expect(flags('a/b')).to.deep.equal({ assumeValid: false, skipWorktree: true, intentToAdd: false });
      expect(flags('a.b')).to.deep.equal({ assumeValid: true, skipWorktree: false, intentToAdd: false });
      expect(flags('new.txt')).to.deep.equal({ assumeValid: false, skipWorktree: false, intentToAdd: true });
      expect(entries.filter((e) => e.path === 'a0').map((e) => e.stage)).to.deep.equal([1, 3]);
      expect(entries.find((e) => e.path === LONG_NAME)?.path).to.have.length(LONG_NAME.length);
    }
  });

  it('reads an index with a wrong checksum as git does; refuses a truncated or unsupported index, and a split index it cannot read alone', async () => {
    const gitdir = path.join(repo, '.git');
    const file = path.join(gitdir, 'index');
    const original = fs.readFileSync(file);
    const failure = async (): Promise<string> =>
      readGitIndex({ fs, gitdir }).then(
        () => 'no error',
        (error: unknown) => String(error),
      );

    // git does not verify the trailing checksum when it reads an index, so neither does specgate.
    const flipped = Buffer.from(original);
    flipped[flipped.length - 1] ^= 1;
    fs.writeFileSync(file, flipped);
    expect(await failure()).to.equal('no error');

    fs.writeFileSync(file, original.subarray(0, 100));
    expect(await failure()).to.include(file);

    editIndex(file, (body) => {
      body.writeUInt32BE(5, 4);
      return body;
    });
    expect(await failure()).to.include('unsupported version 5');

    fs.writeFileSync(file, original);
    editIndex(file, (body) => {
      body.write('XIRC', 0, 'latin1');
      return body;
    });
    expect(await failure()).to.include('bad signature');

    fs.writeFileSync(file, original);
    editIndex(file, (body) => {
      body.writeUInt32BE(body.readUInt32BE(8) + 1, 8);
      return body;
    });
    expect(await failure()).to.match(/entry 11|truncated|path/);

    fs.writeFileSync(file, original);
    editIndex(file, (body) => Buffer.concat([body, Buffer.from('ABCD\0\0\0\x03xyz', 'latin1')]));
    expect(await readGitIndex({ fs, gitdir })).to.have.length(11);
    editIndex(file, (body) => Buffer.concat([body, Buffer.from('abcd\0\0\0\0', 'latin1')]));
    expect(await failure()).to.include('required extension "abcd"');

    fs.writeFileSync(file, original);
    git(repo, ['update-index', '--split-index']);
    expect(await failure()).to.include('required extension "link"');

    fs.rmSync(file);
    expect(await failure()).to.include('ENOENT');
  });

  it('accepts the all-zero trailer git writes with index.skipHash', async () => {
    const gitdir = path.join(repo, '.git');
    const file = path.join(gitdir, 'index');
    const data = fs.readFileSync(file);
    data.fill(0, data.length - 20);
    fs.writeFileSync(file, data);
    expect(await readGitIndex({ fs, gitdir })).to.have.length(11);
  });
});
