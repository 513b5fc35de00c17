import type * as nodeFs from 'node:fs';
import path from 'node:path';

/**
 * The common git directory of `gitdir`: for a linked worktree the main repository's, named by its
 * `commondir` file (relative to `gitdir` or absolute), else `gitdir` itself. git keeps the config, the
 * `shallow` file and the objects there.
 */
export function findCommonDir(args: { fs: typeof nodeFs; gitdir: string }): string {
  const { fs, gitdir } = args;
  try {
    return path.resolve(gitdir, fs.readFileSync(path.join(gitdir, 'commondir'), 'utf8').trim());
  } catch (error) {
    if (['ENOENT', 'ENOTDIR'].includes((error as NodeJS.ErrnoException).code ?? '')) return gitdir;
    throw error;
  }
}
