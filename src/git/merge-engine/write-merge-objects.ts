import type { GitContext } from '../git-context.js';
import { writeObject } from '../object-database/write-object.js';

/**
 * Writes the objects a clean merge created into the object database: blobs first, then trees in the
 * order they were made (children before parents), so an interrupted run never leaves a tree pointing at
 * a missing object. Each id is checked against git's own hashing of the content.
 */
export async function writeMergeObjects(args: {
  ctx: GitContext;
  objects: Map<string, { type: 'blob' | 'tree'; content: Uint8Array }>;
}): Promise<void> {
  const { ctx, objects } = args;
  const write = ([oid, { type, content }]: [string, { type: 'blob' | 'tree'; content: Uint8Array }]) => {
    const written = writeObject(ctx, type, content);
    if (written !== oid) throw new Error(`merge wrote ${type} ${written}, expected ${oid}`);
  };
  const all = [...objects];
  for (const blob of all.filter(([, o]) => o.type === 'blob')) write(blob);
  for (const tree of all.filter(([, o]) => o.type === 'tree')) write(tree);
}
