import type * as nodeFs from 'node:fs';
import type { WorkTreeConverter } from '../attributes/open-work-tree-converter.js';
import type { GitContext } from '../git-context.js';
import type { TreeFile } from './list-tree-files.js';
import { mapLimit } from './map-limit.js';
import { writeTreeFile } from './write-tree-file.js';

/** Files written at once: enough to keep the disk busy, few enough to stay far below the fd limit. */
const WRITE_CONCURRENCY = 32;

/**
 * Writes `files` below `dir` (their parent directories must exist) with `writeTreeFile`, many at once,
 * converted by `converter` when given. Files behind a long-running filter process are written after the
 * others, one by one in git's index order (by path bytes): the process takes one file at a time anyway,
 * and a filter that answers `abort` then stops at the same file as under `git checkout`.
 *
 * @returns each file's `lstat` (undefined for a gitlink), in the order of `files`.
 * @throws the first error of a write; files already started still finish.
 */
export async function writeTreeFiles(args: {
  ctx: GitContext;
  dir: string;
  files: readonly TreeFile[];
  converter?: WorkTreeConverter;
}): Promise<(nodeFs.BigIntStats | undefined)[]> {
  const { ctx, dir, files, converter } = args;
  if (!converter) return mapLimit(files, WRITE_CONCURRENCY, (file) => writeTreeFile({ ctx, dir, file }));
  const stats = new Array<nodeFs.BigIntStats | undefined>(files.length);
  const sequential: number[] = [];
  const parallel: number[] = [];
  files.forEach((file, index) =>
    (converter.filterOf(file.path) === 'process' ? sequential : parallel).push(index),
  );
  await mapLimit(parallel, WRITE_CONCURRENCY, async (index) => {
    stats[index] = await writeTreeFile({ ctx, dir, file: files[index], converter });
  });
  sequential.sort((a, b) => Buffer.compare(Buffer.from(files[a].path), Buffer.from(files[b].path)));
  for (const index of sequential)
    stats[index] = await writeTreeFile({ ctx, dir, file: files[index], converter });
  return stats;
}
