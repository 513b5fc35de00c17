import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { expect } from 'chai';
import { encodeCacheTree } from '../../../../src/git/index-file/encode-cache-tree.js';
import { encodeIndexFile } from '../../../../src/git/index-file/encode-index-file.js';
import { findBranchCheckout } from '../../../../src/git/worktree/find-branch-checkout.js';
import { readIndexFile } from '../../../../src/git/index-file/read-index-file.js';

/** Native git with no user or system configuration and no opportunistic index refresh. */
function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
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

const made: string[] = [];
after(() => made.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

/** A repository whose index git wrote: nested directories (names of every length), a symlink, an executable. */
function repository(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'specgate-index-file-'));
  made.push(dir);
  git(dir, 'init', '-q', '-b', 'main');
  const files = [
    'a',
    'b.txt',
    'ab/c',
    'ab/cd/e',
    'abc/x',
    'z/y/x/w',
    'z/yy',
    'z-z',
    'sub dir/é.txt',
    'run.sh',
  ];
  for (const file of files) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), `${file}\n`);
  }
  fs.chmodSync(path.join(dir, 'run.sh'), 0o755);
  fs.symlinkSync('b.txt', path.join(dir, 'link'));
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'base');
  // `git write-tree` fills the cache tree in, as `unpack_trees` does after a merge.
  git(dir, 'write-tree');
  return dir;
}

describe('git index files, read and written back byte for byte', () => {
  for (const version of [2, 3, 4]) {
    it(`re-encodes what git wrote, version ${version} (flags and cache tree included)`, () => {
      const dir = repository();
      git(dir, 'update-index', '--index-version', String(version));
      git(dir, 'update-index', '--assume-unchanged', 'a');
      if (version >= 3) git(dir, 'update-index', '--skip-worktree', 'z/yy');
      git(dir, 'write-tree');
      const bytes = fs.readFileSync(path.join(dir, '.git', 'index'));
      const index = readIndexFile(bytes, 'index');
      expect(index.version).to.equal(version);
      expect(index.extensions.map((extension) => extension.signature)).to.include('TREE');
      expect(encodeIndexFile(index).equals(bytes)).to.equal(true);
    });
  }

  it('demotes version 3 to 2 when no entry needs extended flags, as git does', () => {
    const dir = repository();
    git(dir, 'update-index', '--index-version', '3');
    const index = readIndexFile(fs.readFileSync(path.join(dir, '.git', 'index')), 'index');
    const bytes = encodeIndexFile(index);
    expect(bytes.readUInt32BE(4)).to.equal(2);
    fs.writeFileSync(path.join(dir, '.git', 'index'), bytes);
    expect(git(dir, 'ls-files', '-s')).to.contain('run.sh');
    git(dir, 'fsck', '--no-progress');
  });

  it('encodes the cache tree exactly as git does: entry counts, subtree order (shorter names first), ids', () => {
    const dir = repository();
    const bytes = fs.readFileSync(path.join(dir, '.git', 'index'));
    const index = readIndexFile(bytes, 'index');
    const tree = index.extensions.find((extension) => extension.signature === 'TREE')!;
    const ours = encodeCacheTree(index.entries);
    expect(ours.treeOid).to.equal(git(dir, 'rev-parse', 'HEAD^{tree}').trim());
    expect(ours.data.toString('hex')).to.equal(tree.data.toString('hex'));
  });

  it('reads an index whose trailing checksum is wrong, as git does, and refuses a broken one, naming the file', () => {
    const dir = repository();
    const bytes = fs.readFileSync(path.join(dir, '.git', 'index'));
    const expected = readIndexFile(bytes, 'index').entries.map((entry) => entry.path);
    const badChecksum = Buffer.from(bytes);
    badChecksum[badChecksum.length - 1] ^= 0xff;
    expect(readIndexFile(badChecksum, 'index').entries.map((entry) => entry.path)).to.deep.equal(expected);
    expect(() => readIndexFile(bytes.subarray(0, 40), '/the/index')).to.throw(
      'cannot read git index /the/index',
    );
    const badSignature = Buffer.from(bytes);
    badSignature[0] ^= 0xff;
    expect(() => readIndexFile(badSignature, '/the/index')).to.throw(
      'cannot read git index /the/index: bad signature',
    );
  });
});

describe('findBranchCheckout', () => {
  it('finds the working trees whose HEAD is the branch: the main one and linked ones, with their roots', () => {
    const dir = repository();
    const linked = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'specgate-linked-')), 'tree');
    made.push(path.dirname(linked));
    git(dir, 'branch', 'release');
    git(dir, 'worktree', 'add', '-q', linked, 'release');
    const commonDir = path.join(dir, '.git');
    expect(findBranchCheckout({ fs, commonDir, branch: 'main' })).to.deep.equal([
      { gitdir: commonDir, worktree: dir },
    ]);
    const [found] = findBranchCheckout({ fs, commonDir, branch: 'release' });
    expect(found.worktree).to.equal(linked);
    expect(fs.realpathSync(found.gitdir)).to.equal(
      fs.realpathSync(path.join(commonDir, 'worktrees', 'tree')),
    );
    expect(findBranchCheckout({ fs, commonDir, branch: 'nowhere' })).to.deep.equal([]);
  });

  it("does not count a bare repository's HEAD as a checkout, as git does not", () => {
    const bare = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'specgate-bare-')), 'repo.git');
    made.push(path.dirname(bare));
    git(os.tmpdir(), 'clone', '-q', '--bare', repository(), bare);
    expect(findBranchCheckout({ fs, commonDir: bare, branch: 'main' })).to.deep.equal([]);
    const linked = path.join(path.dirname(bare), 'tree');
    git(bare, 'worktree', 'add', '-q', linked, 'main');
    expect(
      findBranchCheckout({ fs, commonDir: bare, branch: 'main' }).map((checkout) => checkout.worktree),
    ).to.deep.equal([linked]);
  });
});
