import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import { UserError } from '../../../src/errors/specgate-error.js';
import { openRepository } from '../../../src/git/open-repository.js';
import { resolveRefName } from '../../../src/git/refs/resolve-ref-name.js';
import { resolveCommitish } from '../../../src/git/refs/resolve-commitish.js';
import { scratchDir } from '../../helpers/fixture-repo.js';
import { git } from '../../helpers/git.js';

/** A repository with one commit on main, and a linked worktree on branch `side` with one more commit. */
function repositoryWithWorktree(): { dir: string; worktree: string; main: string; side: string } {
  const root = fs.realpathSync(scratchDir('specgate-open-'));
  const dir = path.join(root, 'repo');
  git(root, 'init', '-q', '-b', 'main', dir);
  git(dir, 'commit', '-q', '--allow-empty', '-m', 'start');
  const worktree = path.join(root, 'wt');
  git(dir, 'worktree', 'add', '-q', '-b', 'side', worktree);
  git(worktree, 'commit', '-q', '--allow-empty', '-m', 'side');
  return {
    dir,
    worktree,
    main: git(dir, 'rev-parse', 'main').trim(),
    side: git(dir, 'rev-parse', 'side').trim(),
  };
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

describe('openRepository', function () {
  it('finds a linked worktree from inside it: its own HEAD, the objects and branches of the main repository', function () {
    const { dir, worktree, side } = repositoryWithWorktree();
    fs.mkdirSync(path.join(worktree, 'sub'));
    const ctx = openRepository({ cwd: path.join(worktree, 'sub'), env: {} });
    expect(ctx.dir).to.equal(worktree);
    expect(ctx.gitdir).to.equal(path.join(dir, '.git', 'worktrees', 'wt'));
    expect(ctx.objectsDir).to.equal(path.join(dir, '.git', 'objects'));
    expect(resolveRefName(ctx, 'HEAD')).to.equal(side);
  });

  it('resolves an abbreviated commit id from a linked worktree, whose objects are in the main repository', async function () {
    const { worktree, side } = repositoryWithWorktree();
    expect(await resolveCommitish(openRepository({ cwd: worktree, env: {} }), side.slice(0, 10))).to.equal(
      side,
    );
  });

  it("takes GIT_DIR as a hook gets it from git (a linked worktree's git directory), with the working directory as working tree", function () {
    const { dir, worktree, side, main } = repositoryWithWorktree();
    const ctx = openRepository({
      cwd: worktree,
      env: { GIT_DIR: path.join(dir, '.git', 'worktrees', 'wt') },
    });
    expect(ctx.dir).to.equal(worktree);
    expect(ctx.objectsDir).to.equal(path.join(dir, '.git', 'objects'));
    expect(resolveRefName(ctx, 'HEAD')).to.equal(side);
    expect(resolveRefName(ctx, 'main')).to.equal(main);
  });

  it('resolves a relative GIT_DIR against the directory it is started in, and GIT_DIR wins over discovery', function () {
    const { dir, worktree, main } = repositoryWithWorktree();
    // Started in the linked worktree, but GIT_DIR names the main repository: that is the one opened.
    const ctx = openRepository({
      cwd: worktree,
      env: { GIT_DIR: path.relative(worktree, path.join(dir, '.git')), GIT_WORK_TREE: dir },
    });
    expect(ctx.gitdir).to.equal(path.join(dir, '.git'));
    expect(ctx.dir).to.equal(dir);
    expect(resolveRefName(ctx, 'HEAD')).to.equal(main);
  });

  it('follows a GIT_DIR that is a .git file, and honours GIT_COMMON_DIR', function () {
    const { dir, worktree, side } = repositoryWithWorktree();
    const viaFile = openRepository({ cwd: worktree, env: { GIT_DIR: path.join(worktree, '.git') } });
    expect(viaFile.gitdir).to.equal(path.join(dir, '.git', 'worktrees', 'wt'));
    expect(resolveRefName(viaFile, 'HEAD')).to.equal(side);
    const common = path.join(dir, '.git');
    fs.rmSync(path.join(dir, '.git', 'worktrees', 'wt', 'commondir'));
    const viaEnv = openRepository({
      cwd: worktree,
      env: { GIT_DIR: path.join(dir, '.git', 'worktrees', 'wt'), GIT_COMMON_DIR: common },
    });
    expect(viaEnv.objectsDir).to.equal(path.join(common, 'objects'));
    expect(resolveRefName(viaEnv, 'side')).to.equal(side);
  });

  it('has no working tree for GIT_DIR of a bare repository, and takes core.worktree when set', function () {
    const { dir } = repositoryWithWorktree();
    const bare = path.join(path.dirname(dir), 'bare.git');
    git(path.dirname(dir), 'clone', '-q', '--bare', dir, bare);
    expect(openRepository({ cwd: dir, env: { GIT_DIR: bare } }).dir).to.equal(undefined);
    git(dir, 'config', 'core.worktree', dir);
    expect(openRepository({ cwd: path.dirname(dir), env: { GIT_DIR: path.join(dir, '.git') } }).dir).to.equal(
      dir,
    );
  });

  it('names a GIT_DIR that is not a repository', function () {
    const root = scratchDir('specgate-open-');
    const error = refusal(() => openRepository({ cwd: root, env: { GIT_DIR: 'nothing-here' } }));
    expect([error.code, error.message]).to.deep.equal([
      'NOT_A_REPOSITORY',
      'not a git repository: GIT_DIR=nothing-here',
    ]);
  });

  describe('repository formats', function () {
    const withConfig = (config: string): string => {
      const root = fs.realpathSync(scratchDir('specgate-format-'));
      git(root, 'init', '-q', 'repo');
      const dir = path.join(root, 'repo');
      fs.writeFileSync(path.join(dir, '.git', 'config'), config);
      return dir;
    };
    const message = (config: string): string => {
      const dir = withConfig(config);
      const error = refusal(() => openRepository({ cwd: dir, env: {} }));
      expect(error.code).to.equal('UNSUPPORTED_REPOSITORY');
      return error.message.replace(dir, 'REPO');
    };

    it('refuses sha256 (as git init --object-format=sha256 writes it) naming the repository', function () {
      const root = fs.realpathSync(scratchDir('specgate-format-'));
      git(root, 'init', '-q', '--object-format=sha256', 'repo');
      const error = refusal(() => openRepository({ cwd: path.join(root, 'repo'), env: {} }));
      expect(error.message).to.equal(
        `specgate supports only sha1 repositories: ${path.join(root, 'repo')} has extensions.objectformat = sha256`,
      );
    });

    it('refuses reftable, a second object format, a newer format version, and unknown version-1 extensions, by name', function () {
      expect(
        message('[core]\n\trepositoryformatversion = 1\n[extensions]\n\trefStorage = reftable\n'),
      ).to.equal('specgate reads refs only from files: REPO has extensions.refStorage = reftable');
      expect(
        message(
          '[core]\n\trepositoryformatversion = 1\n[Extensions]\n\tcompatObjectFormat = sha256 ; comment\n',
        ),
      ).to.equal(
        "specgate cannot keep a second object format's mapping: REPO has extensions.compatObjectFormat = sha256",
      );
      expect(message('[core]\n\trepositoryformatversion = 2\n')).to.equal(
        'specgate supports only repository format versions 0 and 1: REPO has core.repositoryformatversion = 2',
      );
      expect(message('[core]\n\trepositoryformatversion = 1\n[extensions]\n\tfancyThing = "yes"\n')).to.equal(
        'specgate does not know the repository extension extensions.fancyThing (= yes) of REPO',
      );
    });

    it('accepts sha1 and files spelled out, the extensions that change nothing it reads, and unknown ones in version 0 (as git does)', function () {
      for (const config of [
        '[core]\n\trepositoryformatversion = 1\n[extensions]\n\tobjectFormat = sha1\n\trefStorage = files\n\tpreciousObjects = true\n\tworktreeConfig = true\n\tpartialClone = origin\n\tnoop = x\n',
        '[core]\n\trepositoryformatversion = 0\n[extensions]\n\tfancyThing = yes\n',
        '# extensions.objectformat = sha256 only in a comment\n[core]\n\tbare = false\n',
      ]) {
        const dir = withConfig(config);
        expect(openRepository({ cwd: dir, env: {} }).dir, config).to.equal(dir);
      }
    });
  });
});
