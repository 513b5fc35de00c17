import { buildIndexTree, type IndexTreeDir } from './build-index-tree.js';

/**
 * The data of a git index's cache-tree extension (`TREE`) for a complete set of stage-0 entries: every
 * directory valid, with the number of entries below it, its number of subtrees and its tree id — what git
 * leaves after `unpack_trees` repairs the cache tree (`cache_tree_update` with `WRITE_TREE_REPAIR`), as
 * `git merge --ff-only` does. Subtrees are written in git's `subtree_name_cmp` order: shorter names first,
 * then by bytes.
 *
 * @returns the extension's data, and the root tree id (which is the commit's tree when the entries are it).
 */
export function encodeCacheTree(entries: Iterable<{ path: string; oid: string; mode: number }>): {
  data: Buffer;
  treeOid: string;
} {
  const root = buildIndexTree(entries);
  const chunks: Buffer[] = [];
  const write = (name: Buffer, dir: IndexTreeDir): number => {
    const subdirs = [...dir.children]
      .filter((child): child is [string, IndexTreeDir] => child[1].kind === 'dir')
      .map(([childName, child]) => ({ name: Buffer.from(childName, 'utf8'), dir: child }))
      .sort((a, b) => a.name.length - b.name.length || Buffer.compare(a.name, b.name));
    const head = chunks.length;
    chunks.push(Buffer.alloc(0));
    const oid = Buffer.from(dir.oid, 'hex');
    chunks.push(oid);
    let count = dir.children.size - subdirs.length;
    for (const sub of subdirs) count += write(sub.name, sub.dir);
    chunks[head] = Buffer.concat([name, Buffer.from(`\0${count} ${subdirs.length}\n`, 'latin1')]);
    return count;
  };
  write(Buffer.alloc(0), root);
  return { data: Buffer.concat(chunks), treeOid: root.oid };
}
