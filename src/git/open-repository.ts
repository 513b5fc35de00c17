import fs from 'node:fs';
import path from 'node:path';
import { UserError } from '../errors/specgate-error.js';
import type { GitContext } from './git-context.js';

/**
 * Finds the repository that contains `cwd` (as git does: the nearest parent with a `.git` directory or
 * `.git` file, or a bare repository) and returns the context every git call of the run shares.
 * Throws a `NOT_A_REPOSITORY` user error when there is none.
 */
export function openRepository(args: { cwd: string }): GitContext {
  const start = path.resolve(args.cwd);
  if (!fs.existsSync(start)) {
    throw new UserError('NOT_A_REPOSITORY', `no such directory: ${start}`);
  }
  for (let dir = start; ; dir = path.dirname(dir)) {
    const dotGit = path.join(dir, '.git');
    if (fs.existsSync(dotGit)) {
      const gitdir = fs.statSync(dotGit).isFile() ? readGitFile(dotGit) : dotGit;
      return { fs, dir, gitdir, objectsDir: path.join(commonDir(gitdir), 'objects'), cache: {} };
    }
    if (isBareRepository(dir)) return { fs, gitdir: dir, objectsDir: path.join(dir, 'objects'), cache: {} };
    if (path.dirname(dir) === dir) break;
  }
  throw new UserError('NOT_A_REPOSITORY', `not a git repository (or any of the parent directories): ${start}`, {
    suggestion: 'run specgate inside a git repository, or point -C at one',
  });
}

/** A `.git` file (submodules, linked worktrees) holds `gitdir: <path>`. */
function readGitFile(file: string): string {
  const match = /^gitdir:\s*(.+?)\s*$/m.exec(fs.readFileSync(file, 'utf8'));
  if (!match) throw new UserError('NOT_A_REPOSITORY', `${file} is not a valid .git file`);
  return path.resolve(path.dirname(file), match[1]);
}

/** Linked worktrees keep their objects in the main repository, named by a `commondir` file. */
function commonDir(gitdir: string): string {
  const file = path.join(gitdir, 'commondir');
  return fs.existsSync(file) ? path.resolve(gitdir, fs.readFileSync(file, 'utf8').trim()) : gitdir;
}

function isBareRepository(dir: string): boolean {
  return ['HEAD', 'objects', 'refs'].every((entry) => fs.existsSync(path.join(dir, entry)));
}
