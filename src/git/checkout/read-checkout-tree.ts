import type { GitContext } from '../git-context.js';
import { parseTree } from '../object-database/parse-tree.js';
import { readObject } from '../object-database/read-object.js';

/** One entry of a tree, as a checkout sees it. */
export interface CheckoutTreeEntry {
  /** The entry's name within its tree. */
  path: string;
  oid: string;
  /** The mode as stored, in octal: `100644`, `100755`, `120000`, `160000`, `40000`. */
  mode: string;
  type: 'blob' | 'tree' | 'commit';
}

// Characters HFS+ ignores when comparing names, so `.g\u200cit` would be `.git` on a Mac.
const HFS_IGNORED = /[\u200c-\u200f\u202a-\u202e\u206a-\u206f\ufeff]/g;

/**
 * Reads one tree for writing it into a directory, refusing — as git's `verify_path` does — any name that
 * could escape the checkout or overwrite its `.git`: empty, `.`, `..`, containing `/` or NUL, or `.git`
 * in any case and in its NTFS (`git~1`, trailing dots or spaces) and HFS+ (ignorable characters)
 * disguises. Throws an Error naming the entry.
 */
export async function readCheckoutTree(ctx: GitContext, oid: string): Promise<{ tree: CheckoutTreeEntry[] }> {
  const object = await readObject(ctx, oid);
  if (object.type !== 'tree') throw new Error(`object ${oid} is a ${object.type}, not a tree`);
  const tree = parseTree(object.content).map((entry) => {
    if (isUnsafeName(entry.path))
      throw new Error(`refusing to check out the unsafe path ${JSON.stringify(entry.path)} of tree ${oid}`);
    const type = entry.mode === '40000' ? 'tree' : entry.mode === '160000' ? 'commit' : 'blob';
    return { path: entry.path, oid: entry.oid, mode: entry.mode, type } as CheckoutTreeEntry;
  });
  return { tree };
}

function isUnsafeName(name: string): boolean {
  if (name === '' || name === '.' || name === '..' || name.includes('/') || name.includes('\0')) return true;
  const folded = name
    .replace(HFS_IGNORED, '')
    .toLowerCase()
    .replace(/[. ]+$/, '');
  return folded === '.git' || folded === 'git~1';
}
