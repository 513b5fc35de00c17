import { createHash } from 'node:crypto';
import type * as nodeFs from 'node:fs';
import * as path from 'node:path';
import type { GitIndexEntry } from './write-git-index.js';

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

const SIGNATURE = 'DIRC';
const HEADER_SIZE = 12;
const CHECKSUM_SIZE = 20;
/** ten 32-bit stat words, a 20-byte object id and 16-bit flags precede the path. */
const ENTRY_FIXED_SIZE = 62;
const FLAG_ASSUME_VALID = 0x8000;
const FLAG_EXTENDED = 0x4000;
const FLAG_STAGE_MASK = 0x3000;
const FLAG_STAGE_SHIFT = 12;
const NAME_LENGTH_MASK = 0xfff;
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
export async function readGitIndex(args: { fs: typeof nodeFs; gitdir: string }): Promise<ReadGitIndexEntry[]> {
  const file = path.join(args.gitdir, 'index');
  const data = await args.fs.promises.readFile(file);
  return parseIndex(data, file);
}

function parseIndex(data: Buffer, file: string): ReadGitIndexEntry[] {
  const fail = (reason: string): Error => new Error(`cannot read git index ${file}: ${reason}`);
  if (data.length < HEADER_SIZE + CHECKSUM_SIZE) throw fail('file is too short');
  if (data.toString('latin1', 0, 4) !== SIGNATURE) throw fail('bad signature');
  const version = data.readUInt32BE(4);
  if (version < 2 || version > 4) throw fail(`unsupported version ${version}`);
  const count = data.readUInt32BE(8);

  const end = data.length - CHECKSUM_SIZE;
  const trailer = data.subarray(end);
  if (trailer.some((byte) => byte !== 0)) {
    const checksum = createHash('sha1').update(data.subarray(0, end)).digest();
    if (!checksum.equals(trailer)) throw fail('checksum mismatch');
  }

  const entries: ReadGitIndexEntry[] = [];
  let offset = HEADER_SIZE;
  let previousName: Buffer = Buffer.alloc(0);
  let emptyPath = -1;
  for (let i = 0; i < count; i++) {
    if (offset + ENTRY_FIXED_SIZE > end) throw fail(`entry ${i} is truncated`);
    const start = offset;
    const words: number[] = [];
    for (let w = 0; w < 10; w++) words.push(data.readUInt32BE(offset + 4 * w));
    offset += 40;
    const oid = data.toString('hex', offset, offset + 20);
    offset += 20;
    const flags = data.readUInt16BE(offset);
    offset += 2;
    let extended = 0;
    if (flags & FLAG_EXTENDED) {
      if (version < 3) throw fail(`entry ${i} has extended flags in a version ${version} index`);
      if (offset + 2 > end) throw fail(`entry ${i} is truncated`);
      extended = data.readUInt16BE(offset);
      offset += 2;
    }

    let name: Buffer;
    if (version === 4) {
      // Version 4 stores how many bytes to drop from the end of the previous path, then the new suffix.
      const { value: strip, next } = readOffsetVarint(data, offset, end, fail);
      if (strip > previousName.length) throw fail(`entry ${i} strips more than the previous path`);
      const nul = data.indexOf(0, next);
      if (nul < 0 || nul >= end) throw fail(`entry ${i} has an unterminated path`);
      name = Buffer.concat([previousName.subarray(0, previousName.length - strip), data.subarray(next, nul)]);
      offset = nul + 1;
    } else {
      const declared = flags & NAME_LENGTH_MASK;
      // A length of 0xFFF means "this long or longer": the NUL is the authority then.
      const nul = declared < NAME_LENGTH_MASK ? offset + declared : data.indexOf(0, offset);
      if (nul < 0 || nul >= end || data[nul] !== 0) throw fail(`entry ${i} has a bad path length`);
      name = data.subarray(offset, nul);
      // 1 to 8 NULs pad the entry to a multiple of 8 bytes.
      offset = start + ((nul - start + 8) & ~7);
      if (offset > end) throw fail(`entry ${i} is truncated`);
    }
    // A split index's entries may have empty names; its `link` extension, found below, is refused first.
    if (name.length === 0 && emptyPath < 0) emptyPath = i;
    previousName = name;

    entries.push({
      path: name.toString('utf8'),
      oid,
      mode: words[6],
      stat: new IndexStat(words),
      stage: (flags & FLAG_STAGE_MASK) >> FLAG_STAGE_SHIFT,
      assumeValid: (flags & FLAG_ASSUME_VALID) !== 0,
      skipWorktree: (extended & EXTENDED_SKIP_WORKTREE) !== 0,
      intentToAdd: (extended & EXTENDED_INTENT_TO_ADD) !== 0,
    });
  }

  while (offset < end) {
    if (offset + 8 > end) throw fail('truncated extension header');
    const signature = data.subarray(offset, offset + 4);
    const size = data.readUInt32BE(offset + 4);
    // git's rule: an extension whose name starts with an uppercase letter is optional and may be ignored.
    if (!(signature[0] >= 0x41 && signature[0] <= 0x5a)) {
      throw fail(`required extension ${JSON.stringify(signature.toString('latin1'))} is not supported`);
    }
    offset += 8 + size;
    if (offset > end) throw fail(`extension ${JSON.stringify(signature.toString('latin1'))} is truncated`);
  }
  if (emptyPath >= 0) throw fail(`entry ${emptyPath} has an empty path`);
  return entries;
}

/** git's "offset" varint (varint.c): 7 bits a byte, most significant first, adding one per continuation. */
function readOffsetVarint(
  data: Buffer,
  start: number,
  end: number,
  fail: (reason: string) => Error,
): { value: number; next: number } {
  let offset = start;
  if (offset >= end) throw fail('truncated path prefix');
  let byte = data[offset++];
  let value = byte & 0x7f;
  while (byte & 0x80) {
    if (offset >= end) throw fail('truncated path prefix');
    byte = data[offset++];
    value = (value + 1) * 128 + (byte & 0x7f);
    if (value > Number.MAX_SAFE_INTEGER / 256) throw fail('path prefix length overflows');
  }
  return { value, next: offset };
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
