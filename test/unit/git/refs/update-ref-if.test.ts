import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import { updateRefIf } from '../../../../src/git/refs/update-ref-if.js';
import { scratchDir } from '../../../helpers/fixture-repo.js';
import { git } from '../../../helpers/git.js';

/** A repository with two commits on main; returns its git directory and both shas. */
function repository(): { dir: string; gitdir: string; first: string; second: string } {
  const dir = scratchDir('specgate-update-ref-');
  git(dir, 'init', '-q', '-b', 'main');
  fs.writeFileSync(path.join(dir, 'a.txt'), 'one\n');
  git(dir, 'add', 'a.txt');
  git(dir, 'commit', '-q', '-m', 'one');
  const first = git(dir, 'rev-parse', 'HEAD').trim();
  fs.writeFileSync(path.join(dir, 'a.txt'), 'two\n');
  git(dir, 'commit', '-q', '-am', 'two');
  const second = git(dir, 'rev-parse', 'HEAD').trim();
  git(dir, 'branch', 'release', first);
  return { dir, gitdir: path.join(dir, '.git'), first, second };
}

describe('updateRefIf (compare-and-swap of a ref)', () => {
  it('moves a loose ref that still holds the expected value, and logs it as git does', () => {
    const { dir, gitdir, first, second } = repository();
    const update = updateRefIf({
      fs,
      gitdir,
      ref: 'refs/heads/release',
      expected: first,
      value: second,
      message: 'specgate: gate --merge',
      now: 1_700_000_000,
    });
    expect(update).to.deep.equal({ updated: true, ref: 'refs/heads/release', from: first, to: second });
    expect(git(dir, 'rev-parse', 'release').trim()).to.equal(second);
    expect(fs.readFileSync(path.join(gitdir, 'refs/heads/release'), 'utf8')).to.equal(`${second}\n`);
    expect(git(dir, 'reflog', '--format=%H %gs', 'release').split('\n')[0]).to.equal(
      `${second} specgate: gate --merge`,
    );
    const lastLog = fs
      .readFileSync(path.join(gitdir, 'logs/refs/heads/release'), 'utf8')
      .trim()
      .split('\n')
      .at(-1);
    expect(lastLog).to.equal(
      `${first} ${second} specgate <specgate@localhost> 1700000000 +0000\tspecgate: gate --merge`,
    );
    expect(fs.existsSync(path.join(gitdir, 'refs/heads/release.lock'))).to.equal(false);
  });

  it('moves a ref that exists only in packed-refs, leaving a loose ref that git reads', () => {
    const { dir, gitdir, first, second } = repository();
    git(dir, 'pack-refs', '--all');
    expect(fs.existsSync(path.join(gitdir, 'refs/heads/release'))).to.equal(false);
    const update = updateRefIf({
      fs,
      gitdir,
      ref: 'refs/heads/release',
      expected: first,
      value: second,
      message: 'm',
    });
    expect(update.updated).to.equal(true);
    expect(git(dir, 'rev-parse', 'release').trim()).to.equal(second);
    git(dir, 'fsck', '--no-progress');
  });

  it('refuses, changing nothing, when the ref no longer holds the expected value (loose or packed)', () => {
    const { dir, gitdir, first, second } = repository();
    git(dir, 'update-ref', 'refs/heads/release', second); // someone else moved it
    const before = fs.readFileSync(path.join(gitdir, 'logs/refs/heads/release'), 'utf8');
    const update = updateRefIf({
      fs,
      gitdir,
      ref: 'refs/heads/release',
      expected: first,
      value: first,
      message: 'm',
    });
    expect(update).to.include({ updated: false, reason: 'moved', actual: second });
    expect(git(dir, 'rev-parse', 'release').trim()).to.equal(second);
    expect(fs.readFileSync(path.join(gitdir, 'logs/refs/heads/release'), 'utf8')).to.equal(before);
    expect(fs.existsSync(path.join(gitdir, 'refs/heads/release.lock'))).to.equal(false);

    git(dir, 'pack-refs', '--all');
    const packed = updateRefIf({
      fs,
      gitdir,
      ref: 'refs/heads/release',
      expected: first,
      value: first,
      message: 'm',
    });
    expect(packed).to.include({ updated: false, reason: 'moved', actual: second });
    expect(git(dir, 'rev-parse', 'release').trim()).to.equal(second);
  });

  it('creates a ref only when it does not exist (expected undefined), without a reflog for tags', () => {
    const { dir, gitdir, first, second } = repository();
    expect(
      updateRefIf({ fs, gitdir, ref: 'refs/tags/v1', expected: undefined, value: first, message: 'm' })
        .updated,
    ).to.equal(true);
    expect(git(dir, 'rev-parse', 'refs/tags/v1').trim()).to.equal(first);
    expect(fs.existsSync(path.join(gitdir, 'logs/refs/tags/v1'))).to.equal(false);
    const again = updateRefIf({
      fs,
      gitdir,
      ref: 'refs/tags/v1',
      expected: undefined,
      value: second,
      message: 'm',
    });
    expect(again).to.include({ updated: false, reason: 'moved', actual: first });
    expect(git(dir, 'rev-parse', 'refs/tags/v1').trim()).to.equal(first);
  });

  it('refuses while someone else holds the lock, with a message naming it, and leaves their lock alone', () => {
    const { dir, gitdir, first, second } = repository();
    const lock = path.join(gitdir, 'refs/heads/release.lock');
    fs.writeFileSync(lock, '');
    const update = updateRefIf({
      fs,
      gitdir,
      ref: 'refs/heads/release',
      expected: first,
      value: second,
      message: 'm',
    });
    expect(update).to.include({ updated: false, reason: 'locked', actual: first });
    expect(update.updated === false && update.message)
      .to.contain(lock)
      .and.to.contain('file exists');
    expect(fs.existsSync(lock)).to.equal(true);
    expect(git(dir, 'rev-parse', 'release').trim()).to.equal(first);
    // Once the other process is done, the update goes through and no lock is left behind.
    fs.rmSync(lock);
    expect(
      updateRefIf({ fs, gitdir, ref: 'refs/heads/release', expected: first, value: second, message: 'm' })
        .updated,
    ).to.equal(true);
    expect(
      fs.readdirSync(path.join(gitdir, 'refs/heads')).filter((name) => name.endsWith('.lock')),
    ).to.deep.equal([]);
  });

  it('writes no reflog for a branch when core.logAllRefUpdates is false and no log exists', () => {
    const { dir, gitdir, first, second } = repository();
    git(dir, 'config', 'core.logAllRefUpdates', 'false');
    fs.rmSync(path.join(gitdir, 'logs/refs/heads/release'));
    expect(
      updateRefIf({ fs, gitdir, ref: 'refs/heads/release', expected: first, value: second, message: 'm' })
        .updated,
    ).to.equal(true);
    expect(fs.existsSync(path.join(gitdir, 'logs/refs/heads/release'))).to.equal(false);
  });
});
