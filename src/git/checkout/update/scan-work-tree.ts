import type * as nodeFs from 'node:fs';
import * as path from 'node:path';
import { compareIndexStat } from './compare-index-stat.js';
import { hashWorkTreeFile } from './hash-work-tree-file.js';

/** An index entry the scan may trust: stage 0, no flags, one per path. */
export interface TrackedEntry {
  path: string;
  oid: string;
  mode: number;
  /** The stat data the index holds for it. */
  stat: nodeFs.BigIntStats;
}

/** A tracked path whose content on disk is proven to be its entry's blob. */
export interface CleanEntry {
  path: string;
  oid: string;
  mode: number;
  /** `lstat` of the path now (what the next index must record), undefined for a submodule. */
  stat: nodeFs.BigIntStats | undefined;
}

/** Something in the work tree that is not part of the checkout any more and must go. */
export interface Leftover {
  /** `/`-separated path from the work-tree root (lossily decoded when the name is not UTF-8). */
  path: string;
  /** Absolute path to remove; a Buffer when the name is not valid UTF-8 and only its bytes can name it. */
  absolute: string | Buffer;
}

/** What {@link scanWorkTree} found. */
export interface WorkTreeScan {
  /** Tracked paths proven unchanged, by path. */
  clean: Map<string, CleanEntry>;
  /** Untracked paths (each a file, symlink or whole directory) and changed tracked paths, to remove. */
  leftovers: Leftover[];
  /** Tracked paths that are not in the work tree at all. */
  missing: string[];
  /** Every directory the scan walked (`''` is the root): the only ones it is safe to prune later. */
  directories: Set<string>;
}

/**
 * Files re-hashed at once: each holds a descriptor while it is read. `lstat` and `readdir` need no limit:
 * they hold none between calls, and libuv's thread pool queues them.
 */
const HASH_CONCURRENCY = 32;
const MODE_GITLINK = 0o160000;

/**
 * Compares the work tree `dir` (its `.git` aside) with `entries`, the index last written there, as
 * `git status --ignored --untracked-files=all` would, and classifies every path: clean tracked entries
 * (stat data unchanged, content re-hashed when the stat data is racy), tracked paths that changed or
 * vanished, and everything untracked, ignored build outputs included.
 *
 * Only real directories that hold tracked paths are descended into (never a symlink), and the contents of
 * a submodule directory are all untracked, so every path returned lies inside `dir` whatever the index
 * says. Nothing is modified.
 *
 * @param args.indexMtimeNs mtime of the index file: entries recorded no earlier than it are re-hashed.
 * @param args.holdsBlob decides for a racy regular file whether its bytes are what the checkout wrote for
 *   its entry's blob; by default, whether they hash to the blob (a checkout that converted nothing).
 */
export async function scanWorkTree(args: {
  fs: typeof nodeFs;
  dir: string;
  entries: readonly TrackedEntry[];
  indexMtimeNs: bigint;
  holdsBlob?: (entry: TrackedEntry, absolute: string) => Promise<boolean>;
}): Promise<WorkTreeScan> {
  const { fs, dir, indexMtimeNs } = args;
  const entries = new Map(args.entries.map((entry) => [entry.path, entry]));
  const prefixes = new Set<string>();
  for (const entry of args.entries) {
    for (let slash = entry.path.indexOf('/'); slash >= 0; slash = entry.path.indexOf('/', slash + 1)) {
      prefixes.add(entry.path.slice(0, slash));
    }
  }

  const leftovers: Leftover[] = [];
  const found: {
    entry: TrackedEntry;
    absolute: string;
    verdict: 'clean' | 'dirty';
    actual: nodeFs.BigIntStats;
  }[] = [];
  const directories = new Set<string>(['']);
  const limit = createLimit(HASH_CONCURRENCY);

  const check = async (entry: TrackedEntry, absolute: string): Promise<void> => {
    const actual = await fs.promises.lstat(absolute, { bigint: true });
    let verdict = compareIndexStat({ mode: entry.mode, recorded: entry.stat, actual, indexMtimeNs });
    if (verdict === 'racy') {
      const symlink = actual.isSymbolicLink();
      const holds = await limit(async () =>
        !symlink && args.holdsBlob
          ? args.holdsBlob(entry, absolute)
          : (await hashWorkTreeFile({ fs, file: absolute, symlink })) === entry.oid,
      );
      verdict = holds ? 'clean' : 'dirty';
    }
    found.push({ entry, absolute, verdict, actual });
  };

  // Every directory is listed and every file checked as soon as its parent is listed: no level waits for another.
  const visit = async (parent: string): Promise<void> => {
    const parentAbsolute = parent === '' ? dir : `${dir}${path.sep}${parent.split('/').join(path.sep)}`;
    const listing = await listDirectory(fs, parentAbsolute);
    const work: Promise<void>[] = [];
    for (const { name, raw, dirent } of listing) {
      if (parent === '' && name === '.git') continue;
      const rel = parent === '' ? name : `${parent}/${name}`;
      if (raw) {
        // No tracked path has this name: git paths are UTF-8 here, so it can only be removed by its bytes.
        const absolute = Buffer.concat([Buffer.from(`${parentAbsolute}${path.sep}`), raw]);
        leftovers.push({ path: rel, absolute });
        continue;
      }
      const absolute = `${parentAbsolute}${path.sep}${name}`;
      const entry = entries.get(rel);
      if (entry) {
        work.push(check(entry, absolute));
        // A submodule is checked out as an empty directory: whatever is inside is untracked.
        if (entry.mode === MODE_GITLINK && dirent.isDirectory()) {
          directories.add(rel);
          work.push(visit(rel));
        }
      } else if (dirent.isDirectory() && prefixes.has(rel)) {
        directories.add(rel);
        work.push(visit(rel));
      } else {
        leftovers.push({ path: rel, absolute });
      }
    }
    await Promise.all(work);
  };
  await visit('');

  const clean = new Map<string, CleanEntry>();
  const seen = new Set<string>();
  for (const { entry, absolute, verdict, actual } of found) {
    seen.add(entry.path);
    if (verdict === 'clean') {
      const stat = entry.mode === MODE_GITLINK ? undefined : actual;
      clean.set(entry.path, { path: entry.path, oid: entry.oid, mode: entry.mode, stat });
    } else {
      leftovers.push({ path: entry.path, absolute });
    }
  }
  const missing = args.entries.filter((entry) => !seen.has(entry.path)).map((entry) => entry.path);
  return { clean, leftovers, missing, directories };
}

interface Listed {
  name: string;
  /** The name's bytes when they are not valid UTF-8 (then `name` is a lossy decoding). */
  raw?: Buffer;
  dirent: nodeFs.Dirent<string> | nodeFs.Dirent<Buffer>;
}

async function listDirectory(fs: typeof nodeFs, absolute: string): Promise<Listed[]> {
  const dirents = await fs.promises.readdir(absolute, { withFileTypes: true });
  // Node decodes names as UTF-8 and replaces invalid bytes with U+FFFD; only then are the bytes needed.
  if (!dirents.some((dirent) => dirent.name.includes('\uFFFD'))) {
    return dirents.map((dirent) => ({ name: dirent.name, dirent }));
  }
  const raw = await fs.promises.readdir(absolute, { withFileTypes: true, encoding: 'buffer' });
  return raw.map((dirent) => {
    const name = dirent.name.toString('utf8');
    return Buffer.from(name, 'utf8').equals(dirent.name)
      ? { name, dirent }
      : { name, raw: dirent.name, dirent };
  });
}

/** A counting semaphore: `limit(fn)` runs `fn` once fewer than `max` calls are running. */
function createLimit(max: number): <T>(fn: () => Promise<T>) => Promise<T> {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async <T>(fn: () => Promise<T>): Promise<T> => {
    if (running >= max) await new Promise<void>((resolve) => waiting.push(resolve));
    running += 1;
    try {
      return await fn();
    } finally {
      running -= 1;
      waiting.shift()?.();
    }
  };
}
