import fs from 'node:fs';
import path from 'node:path';
import { UserError } from '../errors/specgate-error.js';
import { checkRepositoryFormat } from './config/check-repository-format.js';
import { readCoreConfig } from './config/read-core-config.js';
import type { GitContext } from './git-context.js';
import { openGitContext } from './open-git-context.js';

/**
 * Finds the repository specgate runs on, as git does, and opens it: the context every git call of the run
 * shares, whose object database the caller closes (`ctx.objectDatabase.close()`) when the run is done.
 *
 * - `GIT_DIR` set (git exports it to hooks; relative to `cwd`, as after `git -C`): that is the git
 *   directory, with no discovery; a `.git` file there is followed. The working tree is `GIT_WORK_TREE`,
 *   else (not a linked worktree's git directory) `core.worktree`, else none when `core.bare` is true,
 *   else `cwd` itself (git's rule).
 * - Otherwise the nearest parent of `cwd` with a `.git` directory or `.git` file (a linked worktree or a
 *   submodule: `gitdir: <path>`), or that is a bare repository; `GIT_WORK_TREE` still names the working
 *   tree when set.
 * - The common directory (objects, shared refs, config) is `GIT_COMMON_DIR`, else the one a linked
 *   worktree's `commondir` file names, else the git directory. Per-worktree refs (HEAD) stay in the git
 *   directory.
 *
 * Throws a `NOT_A_REPOSITORY` user error when there is none or its HEAD is not one git accepts, a
 * `BAD_GIT_CONFIG` one for a config line git does not parse, and `UNSUPPORTED_REPOSITORY` for a format
 * specgate would misread (sha256, reftable; see {@link checkRepositoryFormat}).
 */
export function openRepository(args: { cwd: string; env?: NodeJS.ProcessEnv }): GitContext {
  const env = args.env ?? process.env;
  const start = path.resolve(args.cwd);
  if (!fs.existsSync(start)) {
    throw new UserError('NOT_A_REPOSITORY', `no such directory: ${start}`);
  }
  const fromEnv = (name: string): string | undefined =>
    env[name] ? path.resolve(start, env[name]) : undefined;
  const workTree = fromEnv('GIT_WORK_TREE');
  const found = env.GIT_DIR ? explicit(start, env.GIT_DIR, workTree) : discover(start, workTree);
  const commonDir = fromEnv('GIT_COMMON_DIR') ?? commonDirOf(found.gitdir);
  if (!isGitDirectory(found.gitdir, commonDir)) {
    const what = env.GIT_DIR ? `GIT_DIR=${env.GIT_DIR}` : found.gitdir;
    throw new UserError('NOT_A_REPOSITORY', `not a git repository: ${what}`, {
      suggestion: 'run specgate inside a git repository, or point -C at one',
    });
  }
  checkHead(found.gitdir);
  checkRepositoryFormat({ fs, commonDir, repository: found.dir ?? found.gitdir });
  return openGitContext({
    fs,
    ...(found.dir !== undefined && { dir: found.dir }),
    gitdir: found.gitdir,
    objectsDir: path.join(commonDir, 'objects'),
  });
}

interface Found {
  dir?: string;
  gitdir: string;
}

function explicit(start: string, gitDirValue: string, workTree: string | undefined): Found {
  let gitdir = path.resolve(start, gitDirValue);
  if (isFile(gitdir)) gitdir = readGitFile(gitdir);
  if (workTree) return { dir: workTree, gitdir };
  // A linked worktree's working tree is where git runs in it; the main repository's core.* are not about it.
  if (fs.existsSync(path.join(gitdir, 'commondir'))) return { dir: start, gitdir };
  const config = readWorkTreeConfig(gitdir);
  if (config.worktree !== undefined) return { dir: path.resolve(gitdir, config.worktree), gitdir };
  if (config.bare) return { gitdir };
  return { dir: start, gitdir };
}

function discover(start: string, workTree: string | undefined): Found {
  for (let dir = start; ; dir = path.dirname(dir)) {
    const dotGit = path.join(dir, '.git');
    if (fs.existsSync(dotGit)) {
      return { dir: workTree ?? dir, gitdir: isFile(dotGit) ? readGitFile(dotGit) : dotGit };
    }
    if (isBareRepository(dir)) return { ...(workTree !== undefined && { dir: workTree }), gitdir: dir };
    if (path.dirname(dir) === dir) break;
  }
  throw new UserError(
    'NOT_A_REPOSITORY',
    `not a git repository (or any of the parent directories): ${start}`,
    {
      suggestion: 'run specgate inside a git repository, or point -C at one',
    },
  );
}

function isFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/** A `.git` file (submodules, linked worktrees) holds `gitdir: <path>`. */
function readGitFile(file: string): string {
  const match = /^gitdir:\s*(.+?)\s*$/m.exec(fs.readFileSync(file, 'utf8'));
  if (!match) throw new UserError('NOT_A_REPOSITORY', `${file} is not a valid .git file`);
  return path.resolve(path.dirname(file), match[1]);
}

/** Linked worktrees keep their objects and shared refs in the main repository, named by a `commondir` file. */
function commonDirOf(gitdir: string): string {
  const file = path.join(gitdir, 'commondir');
  return fs.existsSync(file) ? path.resolve(gitdir, fs.readFileSync(file, 'utf8').trim()) : gitdir;
}

/** git's own test (setup.c): a HEAD in the git directory, `objects` and `refs` in the common directory. */
function isGitDirectory(gitdir: string, commonDir: string): boolean {
  return (
    fs.existsSync(path.join(gitdir, 'HEAD')) &&
    ['objects', 'refs'].every((entry) => fs.existsSync(path.join(commonDir, entry)))
  );
}

/**
 * git takes a directory for a git directory only when its HEAD holds `ref: refs/...` or an object id
 * (setup.c's HEAD check); with any other HEAD git says "not a git repository" and no command runs.
 */
function checkHead(gitdir: string): void {
  const file = path.join(gitdir, 'HEAD');
  let content: string;
  try {
    content = fs.readFileSync(file, 'utf8');
  } catch {
    return; // a HEAD that cannot be read as a file (a symbolic link git follows): left to the ref readers
  }
  if (/^ref:\s*refs\//.test(content) || /^[0-9a-fA-F]{40}(?:\s|$)/.test(content)) return;
  throw new UserError(
    'NOT_A_REPOSITORY',
    `broken HEAD in ${file}: git does not take ${gitdir} for a repository`,
    {
      suggestion:
        'write "ref: refs/heads/<branch>" (or a commit id) into it: git refuses this repository too',
    },
  );
}

function isBareRepository(dir: string): boolean {
  return ['HEAD', 'objects', 'refs'].every((entry) => fs.existsSync(path.join(dir, entry)));
}

/** `core.worktree` and `core.bare` of a git directory's config, as far as finding the working tree needs. */
function readWorkTreeConfig(gitdir: string): { worktree?: string; bare: boolean } {
  const core = readCoreConfig({ fs, file: path.join(gitdir, 'config') });
  const worktree = core.get('worktree');
  const bare = /^(true|yes|on|1)$/i.test(core.get('bare') ?? 'false');
  return { ...(worktree !== undefined && { worktree }), bare };
}
