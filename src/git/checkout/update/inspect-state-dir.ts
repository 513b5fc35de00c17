import * as path from 'node:path';
import { UserError } from '../../../errors/specgate-error.js';
import type { GitContext } from '../../git-context.js';

/**
 * Says what `dir` is before a state update may delete things in it: `missing`, `empty`, or a `checkout`
 * that `materializeState` wrote for the repository `ctx` (its `.git` is a real directory whose
 * `objects/info/alternates` names `ctx.objectsDir`). Anything else is refused, so that a mistaken path can
 * never make an update wipe someone's files or the source repository itself.
 *
 * @throws UserError (`WORK_DIR`) naming `dir` when it is not a directory, is the source repository's work
 *   tree or git directory, or is a non-empty directory that is not a state checkout of this repository.
 */
export async function inspectStateDir(args: {
  ctx: GitContext;
  dir: string;
}): Promise<'missing' | 'empty' | 'checkout'> {
  const { ctx, dir } = args;
  const fs = ctx.fs;
  let names: string[];
  try {
    names = await fs.promises.readdir(dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return 'missing';
    if (code === 'ENOTDIR') {
      throw new UserError('WORK_DIR', `cannot update ${dir}: it exists and is not a directory`, {
        suggestion: 'Choose a directory that does not exist yet, or a state checkout written by specgate.',
        cause: error,
      });
    }
    throw error;
  }

  const real = (p: string): Promise<string | undefined> => fs.promises.realpath(p).catch(() => undefined);
  const realDir = await real(dir);
  const sources = await Promise.all(
    [ctx.dir, ctx.gitdir].map((p) => (p === undefined ? undefined : real(p))),
  );
  const realGitdir = await real(path.join(dir, '.git'));
  if (sources.includes(realDir) || (realGitdir !== undefined && sources.includes(realGitdir))) {
    throw new UserError('WORK_DIR', `cannot update ${dir}: it is the repository specgate reads from`, {
      suggestion: 'State checkouts must live in a directory of their own.',
    });
  }
  if (names.length === 0) return 'empty';
  if (await isStateCheckout(ctx, dir)) return 'checkout';
  throw new UserError('WORK_DIR', `cannot update ${dir}: it is not a state checkout written by specgate`, {
    suggestion:
      'Choose an empty directory, or one that a previous specgate checkout of this repository wrote.',
  });
}

async function isStateCheckout(ctx: GitContext, dir: string): Promise<boolean> {
  const fs = ctx.fs;
  const gitdir = path.join(dir, '.git');
  try {
    const stat = await fs.promises.lstat(gitdir);
    if (!stat.isDirectory()) return false;
    const alternates = path.join(gitdir, 'objects', 'info', 'alternates');
    if (!(await fs.promises.lstat(alternates)).isFile()) return false;
    const first = (await fs.promises.readFile(alternates, 'utf8')).split('\n')[0];
    const expected = path.resolve(ctx.objectsDir);
    if (path.resolve(gitdir, 'objects', first) === expected) return true;
    const [a, b] = await Promise.all([
      fs.promises.realpath(path.resolve(gitdir, 'objects', first)),
      fs.promises.realpath(expected),
    ]);
    return a === b;
  } catch {
    return false;
  }
}
