import type * as nodeFs from 'node:fs';
import { UserError } from '../../errors/specgate-error.js';

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
      await fs.promises.mkdir(dir, { recursive: true });
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
