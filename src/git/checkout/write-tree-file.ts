import type * as nodeFs from 'node:fs';
import * as path from 'node:path';
import git from 'isomorphic-git';
import type { GitContext } from '../git-context.js';
import type { TreeFile } from './list-tree-files.js';

const MODE_FILE = 0o100644;
const MODE_EXECUTABLE = 0o100755;
const MODE_SYMLINK = 0o120000;
const MODE_GITLINK = 0o160000;

/**
 * Writes one tree entry below `dir`, whose parent directory must already exist: a regular file with mode
 * 0644 or 0755, a symbolic link whose target is the blob's bytes, or, for a submodule (gitlink), an empty
 * directory, which is how git leaves a submodule that was not initialised.
 *
 * @returns the entry's bigint `lstat` (exact nanoseconds for the index), or undefined for a gitlink, whose
 *   stat data git never compares.
 * @throws Error when the entry has a mode git does not write to a work tree, or the path already exists.
 */
export async function writeTreeFile(args: {
  ctx: GitContext;
  dir: string;
  file: TreeFile;
}): Promise<nodeFs.BigIntStats | undefined> {
  const { ctx, dir, file } = args;
  const fs = ctx.fs;
  const target = path.join(dir, ...file.path.split('/'));
  switch (file.mode) {
    case MODE_FILE:
    case MODE_EXECUTABLE: {
      const { blob } = await git.readBlob({ fs, gitdir: ctx.gitdir, oid: file.oid, cache: ctx.cache });
      // 'wx': never follow or overwrite something that is already there.
      await fs.promises.writeFile(target, blob, { flag: 'wx' });
      // The umask may have dropped bits from the mode given at creation; git's modes are exact.
      await fs.promises.chmod(target, file.mode & 0o777);
      break;
    }
    case MODE_SYMLINK: {
      const { blob } = await git.readBlob({ fs, gitdir: ctx.gitdir, oid: file.oid, cache: ctx.cache });
      // A Buffer keeps the target's bytes exactly, whatever their encoding.
      await fs.promises.symlink(Buffer.from(blob.buffer, blob.byteOffset, blob.byteLength), target);
      break;
    }
    case MODE_GITLINK:
      await fs.promises.mkdir(target);
      return undefined;
    default:
      throw new Error(`cannot check out ${file.path}: unsupported mode ${file.mode.toString(8)}`);
  }
  return fs.promises.lstat(target, { bigint: true });
}
