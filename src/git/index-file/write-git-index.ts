// Must match git byte for byte: git's index format and its `index.lock` protocol (read-cache.c).
import { createHash } from 'node:crypto';
import type * as nodeFs from 'node:fs';
import * as path from 'node:path';

/** One file of a git index: what `git ls-files -s` shows, plus the stat data that lets git trust it. */
export interface GitIndexEntry {
  /** Path relative to the work tree root, `/`-separated, as in the tree. */
  path: string;
  /** Object id (40 hex digits) of the blob, or of the commit for a gitlink. */
  oid: string;
  /** git mode as a number: 0o100644, 0o100755, 0o120000 or 0o160000. */
  mode: number;
  /**
   * `lstat` of the written file. Bigint stats carry exact nanoseconds; number stats lose them to
   * floating point. Absent for gitlinks, whose stat data git never compares: zeros are written.
   */
  stat?: nodeFs.Stats | nodeFs.BigIntStats;
}

const SIGNATURE = 'DIRC';
const VERSION = 2;
const HEADER_SIZE = 12;
/** ten 32-bit stat words, a 20-byte object id and 16-bit flags precede the path. */
const ENTRY_FIXED_SIZE = 62;
/** Longer names are stored in full but flagged 0xFFF, as git does. */
const NAME_LENGTH_MASK = 0xfff;
const OID_PATTERN = /^[0-9a-f]{40}$/;

/**
 * Writes `<gitdir>/index` as a git index, version 2 (the format git itself writes by default), holding
 * exactly `entries` at stage 0, sorted by path bytes as git requires, with no extensions.
 *
 * Stat fields come from each entry's `stat` and are truncated to 32 bits as git truncates them; when they
 * match the files on disk, `git status` trusts them instead of re-hashing every file.
 *
 * @throws Error when an entry has a malformed object id, an empty path, or two entries share a path, or
 *   when `<gitdir>/index.lock` exists (git holds the index): nothing is written then.
 */
export async function writeGitIndex(args: {
  fs: typeof nodeFs;
  gitdir: string;
  entries: readonly GitIndexEntry[];
}): Promise<void> {
  const { fs, gitdir, entries } = args;
  const sorted = entries
    .map((entry) => ({ entry, name: Buffer.from(entry.path, 'utf8') }))
    .sort((a, b) => Buffer.compare(a.name, b.name));

  const chunks: Buffer[] = [];
  const header = Buffer.alloc(HEADER_SIZE);
  header.write(SIGNATURE, 0, 'ascii');
  header.writeUInt32BE(VERSION, 4);
  header.writeUInt32BE(sorted.length, 8);
  chunks.push(header);

  let previous: Buffer | undefined;
  for (const { entry, name } of sorted) {
    if (name.length === 0) throw new Error('git index entry with an empty path');
    if (!OID_PATTERN.test(entry.oid))
      throw new Error(`git index entry ${entry.path}: bad object id ${entry.oid}`);
    // Git rejects an index with duplicate paths at one stage, so fail here rather than there.
    if (previous && previous.equals(name)) throw new Error(`git index entry ${entry.path} appears twice`);
    previous = name;
    chunks.push(encodeEntry(entry, name));
  }

  const body = Buffer.concat(chunks);
  const checksum = createHash('sha1').update(body).digest();
  // git's own protocol: create `index.lock` exclusively, then rename it over `index`. A git process
  // working in the same directory is never clobbered, and no reader ever sees a half-written index.
  const target = path.join(gitdir, 'index');
  const lock = `${target}.lock`;
  await fs.promises
    .writeFile(lock, Buffer.concat([body, checksum]), { flag: 'wx' })
    .catch((error: unknown) => {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
        throw new Error(`cannot write ${target}: ${lock} exists, another git process may be using it`, {
          cause: error,
        });
      }
      throw error;
    });
  try {
    await fs.promises.rename(lock, target);
  } catch (error) {
    await fs.promises.rm(lock, { force: true });
    throw error;
  }
}

function encodeEntry(entry: GitIndexEntry, name: Buffer): Buffer {
  // 1 to 8 NUL bytes end the path, so that the entry length is a multiple of 8.
  const length = (ENTRY_FIXED_SIZE + name.length + 8) & ~7;
  const buffer = Buffer.alloc(length);
  const s = statWords(entry.stat);
  let offset = 0;
  for (const word of [s.ctimeSec, s.ctimeNsec, s.mtimeSec, s.mtimeNsec, s.dev, s.ino]) {
    offset = buffer.writeUInt32BE(word, offset);
  }
  offset = buffer.writeUInt32BE(entry.mode >>> 0, offset);
  for (const word of [s.uid, s.gid, s.size]) offset = buffer.writeUInt32BE(word, offset);
  offset += buffer.write(entry.oid, offset, 'hex');
  offset = buffer.writeUInt16BE(Math.min(name.length, NAME_LENGTH_MASK), offset);
  name.copy(buffer, offset);
  return buffer;
}

interface StatWords {
  ctimeSec: number;
  ctimeNsec: number;
  mtimeSec: number;
  mtimeNsec: number;
  dev: number;
  ino: number;
  uid: number;
  gid: number;
  size: number;
}

const ZERO_STAT: StatWords = {
  ctimeSec: 0,
  ctimeNsec: 0,
  mtimeSec: 0,
  mtimeNsec: 0,
  dev: 0,
  ino: 0,
  uid: 0,
  gid: 0,
  size: 0,
};
const NS_PER_SEC = 1_000_000_000n;

function statWords(stat: nodeFs.Stats | nodeFs.BigIntStats | undefined): StatWords {
  if (!stat) return ZERO_STAT;
  if (isBigIntStats(stat)) {
    return {
      ctimeSec: u32(stat.ctimeNs / NS_PER_SEC),
      ctimeNsec: u32(stat.ctimeNs % NS_PER_SEC),
      mtimeSec: u32(stat.mtimeNs / NS_PER_SEC),
      mtimeNsec: u32(stat.mtimeNs % NS_PER_SEC),
      dev: u32(stat.dev),
      ino: u32(stat.ino),
      uid: u32(stat.uid),
      gid: u32(stat.gid),
      size: u32(stat.size),
    };
  }
  const [ctimeSec, ctimeNsec] = splitMs(stat.ctimeMs);
  const [mtimeSec, mtimeNsec] = splitMs(stat.mtimeMs);
  return {
    ctimeSec,
    ctimeNsec,
    mtimeSec,
    mtimeNsec,
    dev: u32(stat.dev),
    ino: u32(stat.ino),
    uid: u32(stat.uid),
    gid: u32(stat.gid),
    size: u32(stat.size),
  };
}

function isBigIntStats(stat: nodeFs.Stats | nodeFs.BigIntStats): stat is nodeFs.BigIntStats {
  return typeof stat.size === 'bigint';
}

/** Git stores every stat field in 32 bits and keeps the low bits of larger values. */
function u32(value: number | bigint): number {
  return typeof value === 'bigint'
    ? Number(BigInt.asUintN(32, value))
    : Number(BigInt.asUintN(32, BigInt(Math.trunc(value))));
}

function splitMs(ms: number): [number, number] {
  const sec = Math.floor(ms / 1000);
  // Float milliseconds cannot hold exact nanoseconds; clamp so rounding never yields 1e9.
  const nsec = Math.min(999_999_999, Math.max(0, Math.round((ms - sec * 1000) * 1e6)));
  return [u32(sec), nsec];
}
