import type { GitContext } from '../git-context.js';
import { parseCommit } from './parse-commit.js';
import { parseTree } from './parse-tree.js';
import { readObject } from './read-object.js';

/**
 * The blob at `filepath` (`/`-separated) in the tree of commit or tree `oid`: its id and bytes, or
 * undefined when nothing, or a directory, is there.
 */
export async function readBlobAt(
  ctx: GitContext,
  oid: string,
  filepath: string,
): Promise<{ oid: string; content: Buffer } | undefined> {
  let object = await readObject(ctx, oid);
  if (object.type === 'commit') object = await readObject(ctx, parseCommit(object.content).tree);
  let current = oid;
  for (const name of filepath.split('/').filter(Boolean)) {
    if (object.type !== 'tree') return undefined;
    const entry = parseTree(object.content).find((e) => e.path === name);
    if (!entry) return undefined;
    current = entry.oid;
    object = await readObject(ctx, current);
  }
  return object.type === 'blob' ? { oid: current, content: object.content } : undefined;
}
