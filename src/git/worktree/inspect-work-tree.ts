import type * as nodeFs from 'node:fs';
import * as path from 'node:path';
import { hashWorkTreeBlob } from './hash-work-tree-blob.js';
import { indexStatWords as statWords } from '../index-file/index-stat-words.js';
import type { IndexFileEntry } from '../index-file/read-index-file.js';

const MODE_FILE = 0o100644;
const MODE_EXECUTABLE = 0o100755;
const MODE_SYMLINK = 0o120000;
const MODE_GITLINK = 0o160000;
const FLAG_ASSUME_VALID = 0x8000;
const EXTENDED_SKIP_WORKTREE = 0x4000;
const NS_PER_SEC = 1_000_000_000n;
/** Files hashed at once: each holds a descriptor while it is read. */
const HASH_CONCURRENCY = 16;

/** What {@link inspectWorkTree} found for the paths it looked at. */
export interface WorkTreeInspection {
  /** Paths whose file differs from the index entry (content, type or executable bit), or is missing. */
  dirty: string[];
  /**
   * Entries whose stat data no longer match but whose content is the entry's blob: the stat words git's
   * `refresh_index` would record for them, by path.
   */
  refreshed: Map<string, number[]>;
}

/** git's clean conversion for the files {@link inspectWorkTree} hashes, open until `close`. */
export interface WorkTreeCleaner {
  /** The blob content `git add` makes of `content`, the bytes of the file at `path` whose index entry holds `oid`. */
  clean(path: string, content: Buffer, oid: string): Promise<Buffer>;
  close(): Promise<void>;
}

/**
 * Compares the work tree `dir` with the stage-0 index `entries`, as `git status` does: an entry whose stat
 * data match what the index recorded (ctime, mtime, inode, owner, size, and the type and executable bit of
 * its mode) and are older than the index file is clean without being read — so a checkout whose bytes were
 * converted on the way out is clean; a size change is a change (as git's `ie_modified` says without reading);
 * anything else is hashed and compared with the entry's blob — through `openCleaner`'s conversion, as git's
 * `ce_compare_data` hashes through the attributes, so that a converted checkout whose stat data changed
 * (`touch`, `cp -a`) is still clean. Entries flagged assume-unchanged or
 * skip-worktree are not looked at (git trusts them) unless `force` names them: a path a fast-forward will
 * overwrite is checked anyway, as git's `verify_uptodate` does, and a skip-worktree file that is absent is
 * then clean. Nothing is modified.
 */
export async function inspectWorkTree(args: {
  fs: typeof nodeFs;
  dir: string;
  entries: readonly IndexFileEntry[];
  /** mtime of the index file, in nanoseconds: entries recorded no earlier than it are hashed. */
  indexMtimeNs: bigint;
  force?: ReadonlySet<string>;
  /**
   * Opens git's clean conversion for the regular files to hash, named by `paths`, when some are; undefined
   * when none of them converts. Not called when nothing needs hashing: a clean checkout reads nothing.
   */
  openCleaner?: (paths: readonly string[]) => Promise<WorkTreeCleaner | undefined>;
}): Promise<WorkTreeInspection> {
  const { fs, dir, indexMtimeNs, force } = args;
  const dirty: string[] = [];
  const refreshed = new Map<string, number[]>();
  const toHash: { entry: IndexFileEntry; file: string; stat: nodeFs.BigIntStats }[] = [];
  for (const entry of args.entries) {
    const flagged =
      (entry.flags & FLAG_ASSUME_VALID) !== 0 || (entry.extended & EXTENDED_SKIP_WORKTREE) !== 0;
    if (flagged && !force?.has(entry.path)) continue;
    const file = path.join(dir, ...entry.path.split('/'));
    let stat: nodeFs.BigIntStats;
    try {
      stat = fs.lstatSync(file, { bigint: true });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR') throw error;
      if (!(entry.extended & EXTENDED_SKIP_WORKTREE)) dirty.push(entry.path);
      continue;
    }
    const verdict = matchStat(entry, stat, indexMtimeNs);
    if (verdict === 'clean') continue;
    if (verdict === 'dirty') dirty.push(entry.path);
    else toHash.push({ entry, file, stat });
  }
  const files = toHash.filter((item) => !item.stat.isSymbolicLink()).map((item) => item.entry.path);
  const cleaner = files.length > 0 ? await args.openCleaner?.(files) : undefined;
  try {
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < toHash.length) {
        const { entry, file, stat } = toHash[next++];
        const clean = cleaner && ((content: Buffer) => cleaner.clean(entry.path, content, entry.oid));
        const oid = await hashWorkTreeBlob({
          fs,
          file,
          symlink: stat.isSymbolicLink(),
          ...(clean && { clean }),
        });
        if (oid !== entry.oid) dirty.push(entry.path);
        else if (!sameWords(entry, stat)) refreshed.set(entry.path, statWords(stat, entry.mode));
      }
    };
    await Promise.all(Array.from({ length: Math.min(HASH_CONCURRENCY, toHash.length) }, worker));
  } finally {
    await cleaner?.close();
  }
  dirty.sort();
  return { dirty, refreshed };
}

/**
 * `clean`: stat data match and are older than the index; `dirty`: type, executable bit or size differ;
 * `racy`: stat data match but are not older than the index (the file may have changed since, in the same
 * tick); `hash`: other stat data differ. Content decides the last two.
 */
function matchStat(
  entry: IndexFileEntry,
  stat: nodeFs.BigIntStats,
  indexMtimeNs: bigint,
): 'clean' | 'dirty' | 'hash' | 'racy' {
  switch (entry.mode) {
    case MODE_FILE:
    case MODE_EXECUTABLE:
      if (!stat.isFile()) return 'dirty';
      // git's create_ce_mode: only the owner's executable bit counts.
      if (((stat.mode & 0o100n) !== 0n) !== (entry.mode === MODE_EXECUTABLE)) return 'dirty';
      break;
    case MODE_SYMLINK:
      if (!stat.isSymbolicLink()) return 'dirty';
      break;
    case MODE_GITLINK:
      return stat.isDirectory() ? 'clean' : 'dirty';
    default:
      return 'dirty';
  }
  const w = entry.words;
  if (w[9] !== 0 && u32(stat.size) !== w[9]) return 'dirty';
  if (!sameWords(entry, stat)) return 'hash';
  const recordedMtime = BigInt(w[2]) * NS_PER_SEC + BigInt(w[3]);
  const indexMtime = BigInt.asUintN(32, indexMtimeNs / NS_PER_SEC) * NS_PER_SEC + (indexMtimeNs % NS_PER_SEC);
  return recordedMtime >= indexMtime ? 'racy' : 'clean';
}

function sameWords(entry: IndexFileEntry, stat: nodeFs.BigIntStats): boolean {
  const actual = statWords(stat, entry.mode);
  // dev (word 4) is not compared, as git does not by default.
  return [0, 1, 2, 3, 5, 7, 8, 9].every((i) => actual[i] === entry.words[i]);
}

function u32(value: bigint): number {
  return Number(BigInt.asUintN(32, value));
}
