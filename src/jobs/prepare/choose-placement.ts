import { randomUUID } from 'node:crypto';
import { constants, copyFileSync, linkSync, rmSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

/**
 * How cached products are placed into a workspace:
 * - `reflink`: copy-on-write clones (btrfs, XFS, APFS): each workspace has its own files at little more than
 *   the cost of hard links, and nothing it does reaches the cache;
 * - `hardlink`: the workspace's files are the cache's files (read-only, and verified at every placement);
 * - `copy`: plain copies, when the workspace is on another file system than the cache.
 */
export type PlacementMethod = 'reflink' | 'hardlink' | 'copy';

/** Probed once per pair of devices. */
const probed = new Map<string, PlacementMethod>();

/**
 * The cheapest safe {@link PlacementMethod} from `cacheDir` into `workspace` (both must exist): `copy` when
 * they are on different devices (neither links nor clones cross file systems), else `reflink` when the file
 * system clones (probed once by cloning a small file with `COPYFILE_FICLONE_FORCE`), else `hardlink` when it
 * links, else `copy`. The answer is remembered per pair of devices for the life of the process.
 */
export function choosePlacement(args: { cacheDir: string; workspace: string }): PlacementMethod {
  const cacheDev = statSync(args.cacheDir).dev;
  const workspaceDev = statSync(args.workspace).dev;
  if (cacheDev !== workspaceDev) return 'copy';
  const known = probed.get(`${cacheDev}`);
  if (known) return known;
  const probe = path.join(args.cacheDir, `.probe-${process.pid}-${randomUUID()}`);
  let method: PlacementMethod = 'copy';
  try {
    writeFileSync(probe, 'specgate placement probe\n');
    if (attempt(() => copyFileSync(probe, `${probe}.clone`, constants.COPYFILE_FICLONE_FORCE)))
      method = 'reflink';
    else if (attempt(() => linkSync(probe, `${probe}.link`))) method = 'hardlink';
  } finally {
    for (const file of [probe, `${probe}.clone`, `${probe}.link`]) rmSync(file, { force: true });
  }
  probed.set(`${cacheDev}`, method);
  return method;
}

function attempt(fn: () => void): boolean {
  try {
    fn();
    return true;
  } catch {
    return false;
  }
}
