import { MODE, type Tree } from './merge-types.js';

/**
 * Serialises a tree exactly as git writes one: entries in git's order (bytewise by name, a directory
 * sorting as if its name ended in `/`), octal modes without leading zeros, raw 20-byte ids.
 */
export function encodeTree(tree: Tree): Uint8Array {
  const sortKey = (name: string): string => (tree.get(name)!.mode === MODE.tree ? `${name}/` : name);
  const names = [...tree.keys()].sort((a, b) => {
    const ka = sortKey(a);
    const kb = sortKey(b);
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  });
  return Buffer.concat(
    names.flatMap((name) => {
      const entry = tree.get(name)!;
      return [Buffer.from(`${entry.mode.toString(8)} ${name}\0`, 'latin1'), Buffer.from(entry.oid, 'hex')];
    }),
  );
}
