import { createHash } from 'node:crypto';
import type * as nodeFs from 'node:fs';

/**
 * The object id git would give the path `file` if it were added: the blob of a regular file's bytes, or of
 * a symbolic link's target (when `symlink` is true, the link itself is read, never followed).
 *
 * @throws the `fs` error when the path cannot be read.
 */
export async function hashWorkTreeFile(args: {
  fs: typeof nodeFs;
  file: string;
  symlink: boolean;
}): Promise<string> {
  const { fs, file } = args;
  const content = args.symlink
    ? await fs.promises.readlink(file, { encoding: 'buffer' })
    : await fs.promises.readFile(file);
  return createHash('sha1').update(`blob ${content.length}\0`).update(content).digest('hex');
}
