import { createHash } from 'node:crypto';

/** A file, symlink or submodule of an {@link IndexTreeDir}. */
export interface IndexTreeLeaf {
  kind: 'leaf';
  /** Full `/`-separated path. */
  path: string;
  oid: string;
  /** git mode as a number: 0o100644, 0o100755, 0o120000 or 0o160000. */
  mode: number;
}

/** A directory of the tree that a set of index entries describes, with the id git would give it. */
export interface IndexTreeDir {
  kind: 'dir';
  /** Full `/`-separated path; `''` for the root. */
  path: string;
  /** Id of the tree object these entries make, as `git write-tree` would compute it. */
  oid: string;
  children: Map<string, IndexTreeNode>;
}

export type IndexTreeNode = IndexTreeLeaf | IndexTreeDir;

interface MutableDir {
  kind: 'dir';
  path: string;
  oid: string;
  children: Map<string, MutableDir | IndexTreeLeaf>;
}

/**
 * Folds flat index entries (stage 0, unique paths) into the tree of directories they describe, and computes
 * every directory's tree id as git's cache tree would, without writing any object: equal ids then prove
 * equal subtrees, so a diff against a commit's tree can skip them unread.
 *
 * @throws Error when one path is both a file and a directory, or is empty or has an empty component.
 */
export function buildIndexTree(entries: Iterable<{ path: string; oid: string; mode: number }>): IndexTreeDir {
  const root: MutableDir = { kind: 'dir', path: '', oid: '', children: new Map() };
  for (const entry of entries) {
    const names = entry.path.split('/');
    if (names.some((name) => name === ''))
      throw new Error(`buildIndexTree: bad path ${JSON.stringify(entry.path)}`);
    let dir = root;
    for (let i = 0; i < names.length - 1; i++) {
      let child = dir.children.get(names[i]);
      if (child === undefined) {
        const childPath = names.slice(0, i + 1).join('/');
        child = { kind: 'dir', path: childPath, oid: '', children: new Map() };
        dir.children.set(names[i], child);
      } else if (child.kind !== 'dir') {
        throw new Error(`buildIndexTree: ${child.path} is both a file and a directory`);
      }
      dir = child;
    }
    const name = names[names.length - 1];
    if (dir.children.has(name))
      throw new Error(`buildIndexTree: ${entry.path} appears twice or is also a directory`);
    dir.children.set(name, { kind: 'leaf', path: entry.path, oid: entry.oid, mode: entry.mode });
  }
  hashDir(root);
  return root;
}

function hashDir(dir: MutableDir): string {
  const rows = [...dir.children].map(([name, child]) => {
    const isDir = child.kind === 'dir';
    const oid = isDir ? hashDir(child) : child.oid;
    // git sorts a directory as if its name ended with '/'.
    return {
      key: isDir ? `${name}/` : name,
      head: `${isDir ? '40000' : child.mode.toString(8)} ${name}\0`,
      oid,
    };
  });
  rows.sort((a, b) => compareBytes(a.key, b.key));
  let length = 0;
  for (const row of rows) length += Buffer.byteLength(row.head, 'utf8') + 20;
  const header = `tree ${length}\0`;
  const object = Buffer.allocUnsafe(header.length + length);
  let offset = object.write(header, 0, 'latin1');
  for (const row of rows) {
    offset += object.write(row.head, offset, 'utf8');
    offset += object.write(row.oid, offset, 'hex');
  }
  dir.oid = createHash('sha1').update(object).digest('hex');
  return dir.oid;
}

const ASCII = /^[\x00-\x7f]*$/;

/** Order of the UTF-8 bytes; string comparison agrees with it for ASCII, which most names are. */
function compareBytes(a: string, b: string): number {
  if (ASCII.test(a) && ASCII.test(b)) return a < b ? -1 : a > b ? 1 : 0;
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}
