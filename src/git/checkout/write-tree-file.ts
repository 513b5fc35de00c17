import type * as nodeFs from 'node:fs';
import * as path from 'node:path';
import type { WorkTreeConverter } from '../attributes/open-work-tree-converter.js';
import type { GitContext } from '../git-context.js';
import { readObject } from '../object-database/read-object.js';
import type { TreeFile } from './list-tree-files.js';

const MODE_FILE = 0o100644;
const MODE_EXECUTABLE = 0o100755;
const MODE_SYMLINK = 0o120000;
const MODE_GITLINK = 0o160000;

// Read once: the process umask does not change during a run.
const UMASK = readUmask();

function readUmask(): number {
  const mask = process.umask(0o022);
  process.umask(mask);
  return mask;
}

/**
 * Writes one tree entry below `dir`, whose parent directory must already exist: a regular file with mode
 * 0644 or 0755 (its bytes passed through `converter`, when given, as `git checkout` converts them), a
 * symbolic link whose target is the blob's bytes, or, for a submodule (gitlink), an empty
 * directory, which is how git leaves a submodule that was not initialised.
 *
 * @returns the entry's bigint `lstat` (exact nanoseconds for the index), or undefined for a gitlink, whose
 *   stat data git never compares.
 * @throws Error when the entry has a mode git does not write to a work tree, or the path already exists.
 * @throws UserError (`CHECKOUT_FILTER`) when a required filter fails on the file; nothing is written then.
 */
export async function writeTreeFile(args: {
  ctx: GitContext;
  dir: string;
  file: TreeFile;
  converter?: WorkTreeConverter;
}): Promise<nodeFs.BigIntStats | undefined> {
  const { ctx, dir, file, converter } = args;
  const fs = ctx.fs;
  const target = path.join(dir, ...file.path.split('/'));
  switch (file.mode) {
    case MODE_FILE:
    case MODE_EXECUTABLE: {
      const blob = (await readObject(ctx, file.oid)).content;
      const content = converter ? await converter.convert(file.path, file.oid, blob) : blob;
      // Synchronous calls: thousands of small files, and each promise call costs a thread-pool round trip
      // (measured several times slower). 'wx': never follow or overwrite something already there.
      const mode = file.mode & 0o777;
      fs.writeFileSync(target, content, { flag: 'wx', mode });
      // The umask may have dropped bits from the mode given at creation; git's modes are exact.
      if ((mode & ~UMASK) !== mode) fs.chmodSync(target, mode);
      break;
    }
    case MODE_SYMLINK: {
      const { content } = await readObject(ctx, file.oid);
      // A Buffer keeps the target's bytes exactly, whatever their encoding.
      fs.symlinkSync(content, target);
      break;
    }
    case MODE_GITLINK:
      fs.mkdirSync(target);
      return undefined;
    default:
      throw new Error(`cannot check out ${file.path}: unsupported mode ${file.mode.toString(8)}`);
  }
  return fs.lstatSync(target, { bigint: true });
}
