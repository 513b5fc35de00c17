import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { expect } from 'chai';
import { type GitIndexEntry, writeGitIndex } from '../../../../src/git/index-file/write-git-index.js';

/** Native git with no user or system configuration, so the index it writes is version 2 with defaults. */
function git(cwd: string, args: string[], env: Record<string, string> = {}): string {
  return execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null', ...env },
  });
}

const ANY_COMMIT = '1234567890abcdef1234567890abcdef12345678';
const PAST = new Date('2020-01-01T00:00:00Z');

describe('writeGitIndex', () => {
  let tmp: string;

  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'specgate-index-'));
  });

  afterEach(() => {
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('writes byte for byte the index git itself writes for the same files', async () => {
    const repo = path.join(tmp, 'repo');
    fs.mkdirSync(repo);
    git(repo, ['init', '-q']);
    // Names whose byte order differs from a naive per-directory order: '-' < '.' < '/' < '0'.
    const files: Record<string, string> = {
      'a-b': 'dash',
      'a.b': 'dot',
      'a/b': 'slash',
      'a/c/d.txt': 'deep',
      a0: 'zero',
      'space name ünï ✓.txt': 'unicode',
      empty: '',
      'run.sh': '#!/bin/sh\necho hi\n',
    };
    for (const [name, content] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(repo, name)), { recursive: true });
      fs.writeFileSync(path.join(repo, name), content);
    }
    fs.chmodSync(path.join(repo, 'run.sh'), 0o755);
    fs.symlinkSync('a/b', path.join(repo, 'link'));
    // Old mtimes keep git from smudging "racily clean" entries, which would make its bytes differ from ours.
    for (const name of Object.keys(files)) fs.utimesSync(path.join(repo, name), PAST, PAST);
    fs.lutimesSync(path.join(repo, 'link'), PAST, PAST);
    git(repo, ['add', '-A']);
    git(repo, ['update-index', '--add', '--cacheinfo', `160000,${ANY_COMMIT},sub`]);
    const expected = fs.readFileSync(path.join(repo, '.git', 'index'));

    // Our entries, deliberately unsorted, with stat data from the same files git looked at.
    const staged = git(repo, ['ls-files', '-s', '-z']).split('\0').filter(Boolean).reverse();
    const entries: GitIndexEntry[] = staged.map((line) => {
      const [meta, filePath] = line.split('\t');
      const [mode, oid] = meta.split(' ');
      const numericMode = parseInt(mode, 8);
      const stat =
        numericMode === 0o160000 ? undefined : fs.lstatSync(path.join(repo, filePath), { bigint: true });
      return { path: filePath, oid, mode: numericMode, stat };
    });
    const gitdir = path.join(tmp, 'ours');
    fs.mkdirSync(gitdir);
    await writeGitIndex({ fs, gitdir, entries });

    const actual = fs.readFileSync(path.join(gitdir, 'index'));
    expect(actual.subarray(0, 4).toString('ascii')).to.equal('DIRC');
    expect(actual.readUInt32BE(4)).to.equal(2);
    expect(actual.readUInt32BE(8)).to.equal(entries.length);
    expect(actual.equals(expected), 'index bytes differ from git').to.equal(true);
  });

  it('ends with the SHA-1 of everything before it, which git verifies', async () => {
    const repo = path.join(tmp, 'repo');
    fs.mkdirSync(repo);
    git(repo, ['init', '-q']);
    const gitdir = path.join(repo, '.git');
    fs.writeFileSync(path.join(repo, 'x'), 'x\n');
    const oid = git(repo, ['hash-object', '-w', 'x']).trim();
    await writeGitIndex({ fs, gitdir, entries: [{ path: 'x', oid, mode: 0o100644 }] });
    const bytes = fs.readFileSync(path.join(gitdir, 'index'));
    const body = bytes.subarray(0, bytes.length - 20);
    expect(bytes.subarray(bytes.length - 20).toString('hex')).to.equal(
      createHash('sha1').update(body).digest('hex'),
    );
    // `git fsck` verifies the index checksum (plain reads skip it); check that it accepts ours...
    expect(() => git(repo, ['fsck', '--no-dangling'])).not.to.throw();

    // ...and that it would notice a wrong one, so the assertion above can fail.
    bytes[bytes.length - 1] ^= 0xff;
    fs.writeFileSync(path.join(gitdir, 'index'), bytes);
    expect(() => execFileSync('git', ['fsck', '--no-dangling'], { cwd: repo, stdio: 'pipe' })).to.throw(
      /index file corrupt/,
    );
  });

  it('caps the name length in the flags at 0xFFF and still stores the whole path', async () => {
    const repo = path.join(tmp, 'repo');
    fs.mkdirSync(repo);
    git(repo, ['init', '-q']);
    const longPath = Array.from(
      { length: 50 },
      (_, i) => `${String(i).padStart(2, '0')}${'x'.repeat(98)}`,
    ).join('/');
    expect(Buffer.byteLength(longPath)).to.be.greaterThan(0xfff);
    const gitdir = path.join(repo, '.git');
    await writeGitIndex({
      fs,
      gitdir,
      entries: [
        { path: longPath, oid: ANY_COMMIT, mode: 0o100644 },
        { path: 'short', oid: ANY_COMMIT, mode: 0o100755 },
      ],
    });
    const bytes = fs.readFileSync(path.join(gitdir, 'index'));
    // First entry (the long path sorts before 'short'): flags follow 40 bytes of stat and 20 of oid.
    expect(bytes.readUInt16BE(12 + 60)).to.equal(0xfff);
    expect(git(repo, ['ls-files', '-s', '-z']).split('\0').filter(Boolean)).to.deep.equal([
      `100644 ${ANY_COMMIT} 0\t${longPath}`,
      `100755 ${ANY_COMMIT} 0\tshort`,
    ]);
  });

  it('accepts number stats and truncates their fields to 32 bits', async () => {
    const repo = path.join(tmp, 'repo');
    fs.mkdirSync(repo);
    git(repo, ['init', '-q']);
    fs.writeFileSync(path.join(repo, 'f'), 'hello\n');
    const oid = git(repo, ['hash-object', '-w', 'f']).trim();
    const stat = fs.lstatSync(path.join(repo, 'f'));
    await writeGitIndex({
      fs,
      gitdir: path.join(repo, '.git'),
      entries: [{ path: 'f', oid, mode: 0o100644, stat }],
    });
    const debug = git(repo, ['ls-files', '--debug']);
    expect(debug).to.include(`mtime: ${Math.floor(stat.mtimeMs / 1000)}:`);
    expect(debug).to.include(`ino: ${stat.ino % 2 ** 32}`);
    expect(debug).to.include('size: 6\t');
    // Index and work tree agree: git trusts the entry (or, if racy, re-hashes it and finds it equal).
    expect(() => git(repo, ['diff', '--exit-code'])).not.to.throw();
  });

  it('rejects duplicate paths and malformed object ids', async () => {
    const gitdir = path.join(tmp, '.git');
    fs.mkdirSync(gitdir);
    const entry = { path: 'x', oid: ANY_COMMIT, mode: 0o100644 };
    let error: unknown;
    await writeGitIndex({ fs, gitdir, entries: [entry, entry] }).catch((e: unknown) => (error = e));
    expect(String(error)).to.match(/x appears twice/);
    error = undefined;
    await writeGitIndex({ fs, gitdir, entries: [{ ...entry, oid: 'HEAD' }] }).catch(
      (e: unknown) => (error = e),
    );
    expect(String(error)).to.match(/bad object id HEAD/);
    expect(fs.existsSync(path.join(gitdir, 'index'))).to.equal(false);
  });

  it('respects a lock git holds on the index and leaves no lock of its own behind', async () => {
    const gitdir = path.join(tmp, '.git');
    fs.mkdirSync(gitdir);
    const entries = [{ path: 'x', oid: ANY_COMMIT, mode: 0o100644 }];
    fs.writeFileSync(path.join(gitdir, 'index.lock'), 'held by git');
    let error: unknown;
    await writeGitIndex({ fs, gitdir, entries }).catch((e: unknown) => (error = e));
    expect(String(error)).to.match(/index\.lock exists/);
    expect(fs.readFileSync(path.join(gitdir, 'index.lock'), 'utf8')).to.equal('held by git');
    expect(fs.existsSync(path.join(gitdir, 'index'))).to.equal(false);

    fs.rmSync(path.join(gitdir, 'index.lock'));
    await writeGitIndex({ fs, gitdir, entries });
    expect(fs.readdirSync(gitdir)).to.deep.equal(['index']);
  });
});
