import type * as nodeFs from 'node:fs';
import * as path from 'node:path';

/**
 * Removes each of `candidates` (directories relative to `dir`, `/`-separated) that is empty, then each
 * parent that this leaves empty, deepest first, as git does after deleting files: a fresh checkout holds no
 * empty directory except a submodule's, so `keep` names the directories that must stay even when empty.
 * `dir` itself is never removed; a candidate that is missing, not a directory or not empty is left alone.
 *
 * @returns how many directories were removed.
 */
export async function removeEmptyDirectories(args: {
  fs: typeof nodeFs;
  dir: string;
  candidates: Iterable<string>;
  keep: (directory: string) => boolean;
}): Promise<number> {
  const { fs, dir, keep } = args;
  const byDepth = new Map<number, Set<string>>();
  const add = (directory: string): void => {
    if (directory === '') return;
    const depth = directory.split('/').length;
    let bucket = byDepth.get(depth);
    if (!bucket) byDepth.set(depth, (bucket = new Set()));
    bucket.add(directory);
  };
  for (const candidate of args.candidates) add(candidate);

  let removed = 0;
  for (let depth = Math.max(0, ...byDepth.keys()); depth > 0; depth--) {
    for (const directory of byDepth.get(depth) ?? []) {
      if (keep(directory)) continue;
      try {
        await fs.promises.rmdir(path.join(dir, ...directory.split('/')));
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'ENOTEMPTY' || code === 'EEXIST' || code === 'ENOENT' || code === 'ENOTDIR') continue;
        throw error;
      }
      removed += 1;
      add(path.posix.dirname(directory) === '.' ? '' : path.posix.dirname(directory));
    }
  }
  return removed;
}
