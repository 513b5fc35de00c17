import { createHash } from 'node:crypto';
import type * as nodeFs from 'node:fs';

/**
 * The blob id git would record for the work-tree path `file` if it were added: the hash of a regular file's
 * bytes, or of a symbolic link's target (read, never followed). Only paths whose stat data no longer match
 * their index entry get here, as in git: a checkout whose files were converted on the way out (end of line,
 * filters) is clean by its stat data, and the conversion back (`clean`) belongs here when it is applied.
 *
 * @throws the `fs` error when the path cannot be read.
 */
export async function hashWorkTreeBlob(args: { fs: typeof nodeFs; file: string; symlink: boolean }): Promise<string> {
  const { fs, file } = args;
  const content = args.symlink ? await fs.promises.readlink(file, { encoding: 'buffer' }) : await fs.promises.readFile(file);
  return createHash('sha1').update(`blob ${content.length}\0`).update(content).digest('hex');
}
