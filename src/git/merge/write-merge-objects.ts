import git from 'isomorphic-git';
import type { GitContext } from '../git-context.js';

/** How many loose objects are written at once. */
const PARALLEL_WRITES = 16;

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
  const write = async ([oid, { type, content }]: [string, { type: 'blob' | 'tree'; content: Uint8Array }]) => {
    const written = await git.writeObject({ fs: ctx.fs, gitdir: ctx.gitdir, type, object: content, format: 'content' });
    if (written !== oid) throw new Error(`merge wrote ${type} ${written}, expected ${oid}`);
  };
  const all = [...objects];
  const blobs = all.filter(([, o]) => o.type === 'blob');
  for (let i = 0; i < blobs.length; i += PARALLEL_WRITES) await Promise.all(blobs.slice(i, i + PARALLEL_WRITES).map(write));
  for (const tree of all.filter(([, o]) => o.type === 'tree')) await write(tree);
}
