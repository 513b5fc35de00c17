import { createHash } from 'node:crypto';
import type * as nodeFs from 'node:fs';

/**
 * The blob id git would record for the work-tree path `file` if it were added: the hash of a regular file's
 * bytes after `clean` (git's `convert_to_git`: clean filter, CRLF to LF, `ident` collapsed — given when the
 * path's attributes or `core.autocrlf` may convert it), or of a symbolic link's target (read, never followed,
 * never converted). Only paths whose stat data no longer match their index entry, or are racily clean, get
 * here, as in git's `ce_compare_data`.
 *
 * @throws the `fs` error when the path cannot be read, or what `clean` throws (a `required` filter failing).
 */
export async function hashWorkTreeBlob(args: {
  fs: typeof nodeFs;
  file: string;
  symlink: boolean;
  clean?: (content: Buffer) => Promise<Buffer>;
}): Promise<string> {
  const { fs, file, clean } = args;
  let content: Buffer = args.symlink
    ? await fs.promises.readlink(file, { encoding: 'buffer' })
    : await fs.promises.readFile(file);
  if (clean && !args.symlink) content = await clean(content);
  return createHash('sha1').update(`blob ${content.length}\0`).update(content).digest('hex');
}
