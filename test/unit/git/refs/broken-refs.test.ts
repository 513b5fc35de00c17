import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { UserError } from '../../../../src/errors/specgate-error.js';
import { openRepository } from '../../../../src/git/open-repository.js';
import { parsePackedRefs } from '../../../../src/git/refs/parse-packed-refs.js';
import { readRefNow } from '../../../../src/git/refs/read-ref-now.js';
import { resolveRefName } from '../../../../src/git/refs/resolve-ref-name.js';
import { resolveCommitish } from '../../../../src/git/refs/resolve-commitish.js';
import { scratchDir } from '../../../helpers/fixture-repo.js';
import { git } from '../../../helpers/git.js';

/** A repository whose `main`, `x` and tag `t` are packed, with one more commit on a loose `main`. */
function repository(): { dir: string; gitdir: string; first: string; second: string } {
  const dir = path.join(fs.realpathSync(scratchDir('specgate-refs-')), 'repo');
  git(path.dirname(dir), 'init', '-q', '-b', 'main', dir);
  git(dir, 'commit', '-q', '--allow-empty', '-m', 'a');
  git(dir, 'branch', 'x');
  git(dir, 'tag', '-a', '-m', 't', 't');
  git(dir, 'pack-refs', '--all');
  git(dir, 'commit', '-q', '--allow-empty', '-m', 'b');
  return {
    dir,
    gitdir: path.join(dir, '.git'),
    first: git(dir, 'rev-parse', 'x').trim(),
    second: git(dir, 'rev-parse', 'main').trim(),
  };
}

/**
 * Native git's verdict on `git ARGS`: its status, its first stderr line. For packed-refs, `for-each-ref`:
 * git looks a name up in a sorted file by bisection and may not reach a bad line, but every command that
 * lists refs dies on it, as does any command once the file is not sorted; specgate reads the whole file.
 */
function nativeGit(dir: string, ...args: string[]): { status: number | null; stderr: string } {
  const run = spawnSync('git', args, { cwd: dir, encoding: 'utf8' });
  return { status: run.status, stderr: run.stderr.split('\n')[0] };
}

function refusal(fn: () => unknown): UserError {
  try {
    fn();
  } catch (error) {
    if (error instanceof UserError) return error;
    throw error;
  }
  expect.fail('no error');
}

describe('broken refs, read as git 2.39 reads them', function () {
  this.timeout(30_000);

  for (const [what, edit] of [
    ['a garbage line', (text: string) => `${text}garbage line\n`],
    ['an empty line', (text: string) => `${text}\n`],
    ['a comment below the header', (text: string) => `${text}# hi\n`],
    ['a last line without its newline', (text: string) => `${text}${'a'.repeat(40)} refs/heads/z`],
    [
      'a peeled line with no ref above it',
      (text: string) => text.replace(/^(# .*\n)/, `$1^${'a'.repeat(40)}\n`),
    ],
  ] as const) {
    it(`refuses packed-refs with ${what}, naming the file and the line as git's fatal error does`, function () {
      const { dir, gitdir } = repository();
      const file = path.join(gitdir, 'packed-refs');
      fs.writeFileSync(file, edit(fs.readFileSync(file, 'utf8')));
      const native = nativeGit(dir, 'for-each-ref');
      expect(native.status).to.equal(128);
      const ctx = openRepository({ cwd: dir, env: {} });
      const error = refusal(() => resolveRefName(ctx, 'x'));
      expect(error.code).to.equal('BAD_PACKED_REFS');
      // git names the file relative to where it runs: the same words, then the same line.
      expect(`fatal: ${error.message.replace(dir + path.sep, '')}`).to.equal(native.stderr);
      expect(refusal(() => readRefNow({ fs, commonDir: gitdir, ref: 'refs/heads/x' })).code).to.equal(
        'BAD_PACKED_REFS',
      );
    });
  }

  it('reads the packed-refs git reads: no header, upper-case ids, peeled tags, CRLF names that match nothing', function () {
    const { dir, gitdir, first } = repository();
    const file = path.join(gitdir, 'packed-refs');
    const text = fs.readFileSync(file, 'utf8');
    fs.writeFileSync(
      file,
      `${text.split('\n').slice(1).join('\n')}${first.toUpperCase()} refs/heads/upper\n${first} refs/heads/crlf\r\n`,
    );
    const ctx = openRepository({ cwd: dir, env: {} });
    for (const name of ['x', 't', 'upper', 'crlf']) {
      const native = nativeGit(dir, 'rev-parse', name);
      expect(resolveRefName(ctx, name), name).to.equal(
        native.status === 0 ? git(dir, 'rev-parse', name).trim() : undefined,
      );
    }
    expect(parsePackedRefs('', 'packed-refs').size).to.equal(0);
  });

  it('ignores a broken loose ref as git does, even where packed-refs holds the same name, and calls it unknown', async function () {
    const { dir, gitdir, first } = repository();
    fs.writeFileSync(path.join(gitdir, 'refs', 'heads', 'x'), 'nonsense\n');
    const native = spawnSync('git', ['rev-parse', 'x'], { cwd: dir, encoding: 'utf8' });
    expect(native.status).to.equal(128);
    expect(native.stderr).to.contain('warning: ignoring broken ref refs/heads/x');
    const ctx = openRepository({ cwd: dir, env: {} });
    expect(resolveRefName(ctx, 'x')).to.equal(undefined);
    const error = await resolveCommitish(ctx, 'x').then(
      () => expect.fail('resolved'),
      (e: unknown) => e as UserError,
    );
    expect(error.code).to.equal('UNKNOWN_REF');
    expect(error.message).to.contain(`${path.join(gitdir, 'refs', 'heads', 'x')} is a broken ref`);
    // Only that ref is ignored: the others resolve, for git and for specgate.
    expect(resolveRefName(ctx, 'main')).to.equal(git(dir, 'rev-parse', 'main').trim());
    expect(resolveRefName(ctx, 'refs/heads/x')).to.equal(undefined);
    expect(first).to.match(/^[0-9a-f]{40}$/);
  });

  it('reads a loose ref as git does: an id followed by junk, `ref:` with no blank', function () {
    const { dir, gitdir, second } = repository();
    fs.writeFileSync(path.join(gitdir, 'refs', 'heads', 'q'), `${second} junk\n`);
    fs.writeFileSync(path.join(gitdir, 'refs', 'heads', 'r'), 'ref:refs/heads/main\n');
    const ctx = openRepository({ cwd: dir, env: {} });
    for (const name of ['q', 'r'])
      expect(resolveRefName(ctx, name), name).to.equal(git(dir, 'rev-parse', name).trim());
  });

  for (const head of ['garbage\n', 'ref: heads/main\n', '']) {
    it(`refuses a HEAD of ${JSON.stringify(head)} as git does, naming the file`, function () {
      const { dir, gitdir } = repository();
      fs.writeFileSync(path.join(gitdir, 'HEAD'), head);
      expect(spawnSync('git', ['status'], { cwd: dir, encoding: 'utf8' }).stderr).to.match(
        /^fatal: not a git repository/,
      );
      const error = refusal(() => openRepository({ cwd: dir, env: {} }));
      expect(error.code).to.equal('NOT_A_REPOSITORY');
      expect(error.message).to.contain(path.join(gitdir, 'HEAD'));
    });
  }

  it('opens a repository whose HEAD git accepts: a branch, a detached id', function () {
    const { dir, gitdir, first } = repository();
    fs.writeFileSync(path.join(gitdir, 'HEAD'), `${first}\n`);
    expect(resolveRefName(openRepository({ cwd: dir, env: {} }), 'HEAD')).to.equal(first);
    fs.writeFileSync(path.join(gitdir, 'HEAD'), 'ref:  refs/heads/x\n');
    expect(git(dir, 'rev-parse', 'HEAD').trim()).to.equal(first);
    expect(resolveRefName(openRepository({ cwd: dir, env: {} }), 'HEAD')).to.equal(first);
  });
});
