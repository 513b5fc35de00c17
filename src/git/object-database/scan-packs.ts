import path from 'node:path';
import type { ObjectDir, ObjectStore } from './object-store.js';
import { parsePackIndex } from './parse-pack-index.js';

/** Pack numbers times 2^40 must stay exact integers (below 2^53). */
const MAX_PACKS = 2 ** 13;

/**
 * Lists `<objects dir>/pack/*.idx` and adds to `dir.packs` every pack not seen before whose `.pack` file
 * exists (git ignores an index without its pack), and returns whether it added any. A missing `pack`
 * directory means no packs.
 */
export async function scanPacks(args: { store: ObjectStore; dir: ObjectDir }): Promise<boolean> {
  const { store, dir } = args;
  const { fs } = store;
  const packDir = path.join(dir.path, 'pack');
  let names: string[];
  try {
    names = await fs.promises.readdir(packDir);
  } catch (error) {
    if (['ENOENT', 'ENOTDIR'].includes((error as NodeJS.ErrnoException).code ?? '')) return false;
    throw error;
  }
  const known = new Set(dir.packs.map((pack) => pack.path));
  const present = new Set(names);
  const fresh = names
    .filter((name) => name.endsWith('.idx') && present.has(`${name.slice(0, -4)}.pack`))
    .map((name) => path.join(packDir, `${name.slice(0, -4)}.pack`))
    .filter((pack) => !known.has(pack));
  const added = await Promise.all(
    fresh.map(async (pack) => {
      const file = `${pack.slice(0, -5)}.idx`;
      try {
        return { path: pack, index: parsePackIndex(await fs.promises.readFile(file), file) };
      } catch (error) {
        // A pack deleted by a concurrent `git gc` between the listing and now is simply not there.
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
    }),
  );
  let any = false;
  for (const pack of added) {
    if (!pack) continue;
    if (store.packCount >= MAX_PACKS)
      throw new Error(`more than ${MAX_PACKS} packs in ${dir.path}: run git gc`);
    dir.packs.push({ ...pack, base: store.packCount++ * 2 ** 40 });
    any = true;
  }
  return any;
}
