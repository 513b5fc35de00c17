import type * as nodeFs from 'node:fs';
import * as path from 'node:path';
import type { GitIndexEntry } from './write-git-index.js';
import { readIndexFile } from './read-index-file.js';

/** One entry of a git index as read back: a {@link GitIndexEntry} plus what git records beside it. */
export interface ReadGitIndexEntry extends GitIndexEntry {
  /**
   * The stat data the index holds, shaped as bigint stats so that it can be handed back to `writeGitIndex`
   * unchanged: `ctimeNs`, `mtimeNs` (and the matching `*Ms` and dates), `dev`, `ino`, `uid`, `gid` and
   * `size` as stored, that is truncated to 32 bits; `mode` is the entry's git mode; every field the index
   * does not store (`nlink`, `rdev`, `blksize`, `blocks`, access and birth times) is zero.
   */
  stat: nodeFs.BigIntStats;
  /** 0 for a merged entry; 1 (base), 2 (ours) or 3 (theirs) while a merge conflict is unresolved. */
  stage: number;
  /** `git update-index --assume-unchanged`: git does not look at the file. */
  assumeValid: boolean;
  /** Sparse checkout: the file is deliberately absent from the work tree (index version 3 and later). */
  skipWorktree: boolean;
  /** `git add -N`: the path is known but no content is staged (index version 3 and later). */
  intentToAdd: boolean;
}

const FLAG_ASSUME_VALID = 0x8000;
const FLAG_STAGE_MASK = 0x3000;
const FLAG_STAGE_SHIFT = 12;
const EXTENDED_SKIP_WORKTREE = 0x4000;
const EXTENDED_INTENT_TO_ADD = 0x2000;
const NS_PER_SEC = 1_000_000_000n;
const NS_PER_MS = 1_000_000n;

/**
 * Reads `<gitdir>/index`, a git index of version 2, 3 or 4 (4's prefix-compressed paths included), and
 * returns its entries in file order (sorted by path bytes, then stage, when git or `writeGitIndex` wrote
 * it).
 *
 * The trailing SHA-1 of the file is verified; an all-zero trailer, which git writes with
 * `index.skipHash`, is accepted as git accepts it. Optional extensions (cache tree, resolve undo, end of
 * index, ...) are skipped; a required one (`link` of a split index, `sdir` of a sparse index) means the
 * entries alone do not describe the index, so it is refused as git refuses an extension it does not know.
 *
 * @throws Error with the file's path when the index is missing (the `ENOENT` error from `fs`), truncated,
 *   has a bad signature, version or checksum, or holds a required extension.
 */
export async function readGitIndex(args: {
  fs: typeof nodeFs;
  gitdir: string;
}): Promise<ReadGitIndexEntry[]> {
  const file = path.join(args.gitdir, 'index');
  const data = await args.fs.promises.readFile(file);
  return parseIndex(data, file);
}

function parseIndex(data: Buffer, file: string): ReadGitIndexEntry[] {
  return readIndexFile(data, file).entries.map(({ path, oid, words, flags, extended }) => ({
    path,
    oid,
    mode: words[6],
    stat: new IndexStat(words),
    stage: (flags & FLAG_STAGE_MASK) >> FLAG_STAGE_SHIFT,
    assumeValid: (flags & FLAG_ASSUME_VALID) !== 0,
    skipWorktree: (extended & EXTENDED_SKIP_WORKTREE) !== 0,
    intentToAdd: (extended & EXTENDED_INTENT_TO_ADD) !== 0,
  }));
}

/** The ten 32-bit stat words of an index entry, in file order. */
type StatWords = readonly number[];

/**
 * The stat data of one entry as bigint stats. The words are kept as read and converted only when a field is
 * asked for: an index of 20,000 entries is read on every state update, and most fields are never looked at.
 */
class IndexStat implements nodeFs.BigIntStats {
  constructor(private readonly words: StatWords) {}

  get ctimeNs(): bigint {
    return BigInt(this.words[0]) * NS_PER_SEC + BigInt(this.words[1]);
  }
  get mtimeNs(): bigint {
    return BigInt(this.words[2]) * NS_PER_SEC + BigInt(this.words[3]);
  }
  get dev(): bigint {
    return BigInt(this.words[4]);
  }
  get ino(): bigint {
    return BigInt(this.words[5]);
  }
  get mode(): bigint {
    return BigInt(this.words[6]);
  }
  get uid(): bigint {
    return BigInt(this.words[7]);
  }
  get gid(): bigint {
    return BigInt(this.words[8]);
  }
  get size(): bigint {
    return BigInt(this.words[9]);
  }
  get ctimeMs(): bigint {
    return this.ctimeNs / NS_PER_MS;
  }
  get mtimeMs(): bigint {
    return this.mtimeNs / NS_PER_MS;
  }
  get ctime(): Date {
    return new Date(Number(this.ctimeMs));
  }
  get mtime(): Date {
    return new Date(Number(this.mtimeMs));
  }
  readonly nlink = 0n;
  readonly rdev = 0n;
  readonly blksize = 0n;
  readonly blocks = 0n;
  readonly atimeMs = 0n;
  readonly atimeNs = 0n;
  readonly birthtimeMs = 0n;
  readonly birthtimeNs = 0n;
  get atime(): Date {
    return new Date(0);
  }
  get birthtime(): Date {
    return new Date(0);
  }

  isFile(): boolean {
    return (this.words[6] & 0o170000) === 0o100000;
  }
  isDirectory(): boolean {
    return (this.words[6] & 0o170000) === 0o040000;
  }
  isSymbolicLink(): boolean {
    return (this.words[6] & 0o170000) === 0o120000;
  }
  isBlockDevice(): boolean {
    return false;
  }
  isCharacterDevice(): boolean {
    return false;
  }
  isFIFO(): boolean {
    return false;
  }
  isSocket(): boolean {
    return false;
  }
}
