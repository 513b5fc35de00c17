import type * as nodeFs from 'node:fs';
import * as path from 'node:path';
import type { WorkTreeConverter } from '../attributes/open-work-tree-converter.js';
import type { GitContext } from '../git-context.js';
import { readObject } from '../object-database/read-object.js';
import { writeAll } from './write-all.js';

const MODE_FILE = 0o100644;
const MODE_EXECUTABLE = 0o100755;
const MODE_SYMLINK = 0o120000;
const MODE_GITLINK = 0o160000;

/**
 * The one way specgate writes a file into the user's own working tree (`gate --merge` fast-forwarding a
 * checked-out target): the entry `file` of a tree at `path` below `dir`, whose parent directory must exist
 * and where nothing may exist yet — a regular file holding the blob's bytes, created as git creates it (mode
 * 0666, or 0777 for an executable, less the umask, so 0644 and 0755 under the usual one),
 * a symbolic link whose target is the blob's bytes, or, for a submodule, an empty directory (how git leaves
 * a submodule it does not update). A regular file's bytes go through `converter` when there is one (the
 * attributes of the tree being checked out: end of line, `ident`, smudge and process filters, run before
 * the file is created, so that a failing filter leaves nothing behind); without one they are the blob's.
 *
 * @returns the `lstat` of what was written, for the index entry.
 * @throws the `fs` error (EEXIST when something is there, ENOSPC, EACCES, ...) or the object reader's error
 *   (a missing blob), or the converter's (`CHECKOUT_FILTER`: a `required` filter failed on this path); a
 *   regular file left half-written by a failed write is removed first.
 */
export async function writeWorkTreeBlob(args: {
  ctx: GitContext;
  dir: string;
  file: { path: string; oid: string; mode: number };
  converter?: Pick<WorkTreeConverter, 'convert'>;
}): Promise<nodeFs.BigIntStats> {
  const { ctx, dir, file } = args;
  const fs = ctx.fs;
  const target = path.join(dir, ...file.path.split('/'));
  switch (file.mode) {
    case MODE_FILE:
    case MODE_EXECUTABLE: {
      const blob = (await readObject(ctx, file.oid)).content;
      const content = args.converter ? await args.converter.convert(file.path, file.oid, blob) : blob;
      // 'wx': never follow or overwrite something that appeared since the checks.
      const fd = fs.openSync(target, 'wx', file.mode === MODE_EXECUTABLE ? 0o777 : 0o666);
      try {
        // All of it: a short write (a file system filling up) would leave the file silently truncated.
        writeAll(fs, fd, content);
        fs.closeSync(fd);
      } catch (error) {
        fs.closeSync(fd);
        fs.rmSync(target, { force: true });
        throw error;
      }
      break;
    }
    case MODE_SYMLINK: {
      const { content } = await readObject(ctx, file.oid);
      fs.symlinkSync(content, target);
      break;
    }
    case MODE_GITLINK:
      fs.mkdirSync(target);
      break;
    default:
      throw new Error(`cannot check out ${file.path}: unsupported mode ${file.mode.toString(8)}`);
  }
  return fs.lstatSync(target, { bigint: true });
}
