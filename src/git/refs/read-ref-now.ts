import type * as nodeFs from 'node:fs';
import path from 'node:path';
import { parsePackedRefs } from './parse-packed-refs.js';

/**
 * What a ref holds on disk right now, read without any cache: the content of the loose file
 * `<commonDir>/<ref>` (trimmed, as it is: an object id, or a symbolic or corrupt value), else the ref's
 * object id in a fresh parse of `<commonDir>/packed-refs`; undefined when it is in neither. Unlike
 * `resolveRefName`, which memoises `packed-refs` for the run, every call sees what other processes wrote
 * meanwhile — what a compare-and-swap needs. `ref` is a full name such as `refs/heads/main`. A
 * `packed-refs` git cannot parse throws (`BAD_PACKED_REFS`), as git dies on it.
 */
export function readRefNow(args: { fs: typeof nodeFs; commonDir: string; ref: string }): string | undefined {
  const { fs, commonDir, ref } = args;
  try {
    return fs.readFileSync(path.join(commonDir, ref), 'utf8').trim();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' && code !== 'ENOTDIR' && code !== 'EISDIR') throw error;
  }
  const file = path.join(commonDir, 'packed-refs');
  let packed: string;
  try {
    packed = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  return parsePackedRefs(packed, file).get(ref);
}
