import type * as nodeFs from 'node:fs';
import { UserError } from '../../errors/specgate-error.js';
import { makeDirectories } from './make-directories.js';
import { toUserError } from '../../errors/to-user-error.js';

/**
 * Makes sure `dir` exists and is empty: creates it (and its parents) when it does not exist, and refuses a
 * directory that holds anything, because a checkout written over existing files would not be clean and
 * could destroy the user's work.
 *
 * @throws UserError (`WORK_DIR`) naming `dir` when it is not empty or is not a directory.
 */
export async function ensureEmptyDir(args: { fs: typeof nodeFs; dir: string }): Promise<void> {
  const { fs, dir } = args;
  let names: string[];
  try {
    names = await fs.promises.readdir(dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      await makeDirectories(fs, dir).catch((made: NodeJS.ErrnoException) => {
        // A full disk, a denied permission: reported as such. Anything else the place refuses: named here.
        if (toUserError(made) !== undefined || typeof made.syscall !== 'string') throw made;
        throw new UserError('WORK_DIR', `cannot create ${dir}: ${made.code ?? made.message}`, {
          suggestion: 'choose a directory that can be created there',
          cause: made,
        });
      });
      return;
    }
    if (code === 'ENOTDIR') {
      throw new UserError('WORK_DIR', `cannot check out into ${dir}: it exists and is not a directory`, {
        suggestion: 'Choose a directory that does not exist yet, or an empty one.',
        cause: error,
      });
    }
    throw error;
  }
  if (names.length > 0) {
    throw new UserError('WORK_DIR', `cannot check out into ${dir}: the directory is not empty`, {
      suggestion: 'Choose a directory that does not exist yet, or empty this one first.',
    });
  }
}
