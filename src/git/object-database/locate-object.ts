import path from 'node:path';
import { findPackOffset } from './find-pack-offset.js';
import type { ObjectDir, PackFile } from './object-store.js';

/**
 * Where object `oid` is, without reading it: in a pack (and at which offset), loose in an objects
 * directory, or `undefined` when it is in neither of the packs listed so far nor loose.
 */
export function locateObject(args: {
  fs: typeof import('node:fs');
  dirs: ObjectDir[];
  oid: string;
  loose: boolean;
}): { pack: PackFile; offset: number } | { looseIn: string } | undefined {
  const { fs, dirs, oid } = args;
  const id = Buffer.from(oid, 'hex');
  for (const dir of dirs) {
    for (const pack of dir.packs) {
      const offset = findPackOffset(pack.index, id);
      if (offset !== undefined) return { pack, offset };
    }
  }
  if (!args.loose) return undefined;
  for (const dir of dirs) {
    if (fs.existsSync(path.join(dir.path, oid.slice(0, 2), oid.slice(2)))) return { looseIn: dir.path };
  }
  return undefined;
}
