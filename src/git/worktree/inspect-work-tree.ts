import { createHash } from 'node:crypto';
import type * as nodeFs from 'node:fs';
import * as path from 'node:path';
import { hashWorkTreeBlob } from './hash-work-tree-blob.js';
import { indexStatWords as statWords } from './index-stat-words.js';
import type { IndexFileEntry } from './read-index-file.js';

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

/**
 * Compares the work tree `dir` with the stage-0 index `entries`, as `git status` does: an entry whose stat
 * data match what the index recorded (ctime, mtime, inode, owner, size, and the type and executable bit of
 * its mode) and are older than the index file is clean without being read — so a checkout whose bytes were
 * converted on the way out is clean; a size change is a change (as git's `ie_modified` says without reading);
 * anything else is hashed and compared with the entry's blob. Entries flagged assume-unchanged or
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
}): Promise<WorkTreeInspection> {
  const { fs, dir, indexMtimeNs, force } = args;
  const dirty: string[] = [];
  const refreshed = new Map<string, number[]>();
  const toHash: { entry: IndexFileEntry; file: string; stat: nodeFs.BigIntStats; racy: boolean }[] = [];
  for (const entry of args.entries) {
    const flagged = (entry.flags & FLAG_ASSUME_VALID) !== 0 || (entry.extended & EXTENDED_SKIP_WORKTREE) !== 0;
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
    else toHash.push({ entry, file, stat, racy: verdict === 'racy' });
  }
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < toHash.length) {
      const { entry, file, stat, racy } = toHash[next++];
      const oid = await hashWorkTreeBlob({ fs, file, symlink: stat.isSymbolicLink() });
      if (oid !== entry.oid && !(racy && !stat.isSymbolicLink() && (await isCrlfCheckoutOf(fs, file, entry.oid)))) dirty.push(entry.path);
      else if (!sameWords(entry, stat)) refreshed.set(entry.path, statWords(stat, entry.mode));
    }
  };
  await Promise.all(Array.from({ length: Math.min(HASH_CONCURRENCY, toHash.length) }, worker));
  dirty.sort();
  return { dirty, refreshed };
}

/**
 * Whether `file` holds blob `oid` with LF turned into CRLF, as a `text eol=crlf` (or `core.autocrlf`)
 * checkout writes it. Asked only of a racily clean entry (stat data exactly as recorded, in the index's own
 * timestamp tick — common, as file systems stamp in coarse ticks), where git would hash the file through its
 * attributes: the end-of-line conversion is the one that matters there, until the conversions are applied
 * in `hashWorkTreeBlob`.
 */
async function isCrlfCheckoutOf(fs: typeof nodeFs, file: string, oid: string): Promise<boolean> {
  const content = await fs.promises.readFile(file);
  if (!content.includes('\r\n')) return false;
  const lf = Buffer.from(content.toString('latin1').replace(/\r\n/g, '\n'), 'latin1');
  return createHash('sha1').update(`blob ${lf.length}\0`).update(lf).digest('hex') === oid;
}

/**
 * `clean`: stat data match and are older than the index; `dirty`: type, executable bit or size differ;
 * `racy`: stat data match but are not older than the index (the file may have changed since, in the same
 * tick); `hash`: other stat data differ. Content decides the last two.
 */
function matchStat(entry: IndexFileEntry, stat: nodeFs.BigIntStats, indexMtimeNs: bigint): 'clean' | 'dirty' | 'hash' | 'racy' {
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
