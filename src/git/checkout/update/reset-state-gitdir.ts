import type * as nodeFs from 'node:fs';
import * as path from 'node:path';

/**
 * Empties the git directory of a state checkout so that `writeMinimalGitdir` can make it fresh again:
 * removes the index and its lock, every ref, reflog, hook, config change, stash and `*_HEAD` file, and every
 * object a job created, keeping only `objects/info/alternates`, the mark of a state checkout, so that an
 * interrupted update still leaves a directory that is recognisably one.
 *
 * A missing `gitdir` is created. Symlinks inside it are removed, never followed.
 */
export async function resetStateGitdir(args: { fs: typeof nodeFs; gitdir: string }): Promise<void> {
  const { fs, gitdir } = args;
  await fs.promises.mkdir(gitdir, { recursive: true });
  await removeAllBut(fs, gitdir, 'objects', async (objects) => {
    await removeAllBut(fs, objects, 'info', async (info) => {
      await removeAllBut(fs, info, 'alternates');
    });
  });
}

/**
 * Removes every child of `dir` except `keep`: a real directory, then handed to `inside`, or without
 * `inside` a regular file. Anything else by that name (a symlink, a file where a directory belongs) goes too.
 */
async function removeAllBut(
  fs: typeof nodeFs,
  dir: string,
  keep: string,
  inside?: (kept: string) => Promise<void>,
): Promise<void> {
  const dirents = await fs.promises.readdir(dir, { withFileTypes: true });
  for (const dirent of dirents) {
    const child = path.join(dir, dirent.name);
    if (dirent.name === keep) {
      if (inside && dirent.isDirectory()) {
        await inside(child);
        continue;
      }
      if (!inside && dirent.isFile()) continue;
    }
    await fs.promises.rm(child, { recursive: true, force: true });
  }
}
