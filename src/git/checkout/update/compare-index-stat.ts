import type * as nodeFs from 'node:fs';

const MODE_FILE = 0o100644;
const MODE_EXECUTABLE = 0o100755;
const MODE_SYMLINK = 0o120000;
const MODE_GITLINK = 0o160000;
const NS_PER_SEC = 1_000_000_000n;

/**
 * What `lstat` of a work-tree path says about the index entry recorded for it, by git's own rules
 * (`ie_match_stat`), made stricter where a fresh checkout would differ:
 *
 * - `dirty`: the path changed type, a regular file's permission bits are not exactly 0644 or 0755 as the
 *   entry's mode says, or ctime, mtime (seconds and nanoseconds), inode, owner, group or size differ from
 *   the recorded ones (each compared in the 32 bits the index keeps).
 * - `racy`: the stat data matches, but the entry's mtime is not older than the index file itself, so the
 *   file may have been changed again within the file system's timestamp granularity after it was recorded
 *   (git's "racily clean" entry): only its content can tell.
 * - `clean`: the stat data matches and is older than the index, so the content is the entry's blob.
 *
 * A submodule (gitlink) is clean whenever it is a directory: git never compares its stat data.
 */
export function compareIndexStat(args: {
  /** The entry's git mode: 0o100644, 0o100755, 0o120000 or 0o160000. */
  mode: number;
  /** The stat data the index holds for the entry. */
  recorded: nodeFs.BigIntStats;
  /** `lstat` of the path now. */
  actual: nodeFs.BigIntStats;
  /** mtime of the index file, in nanoseconds. */
  indexMtimeNs: bigint;
}): 'clean' | 'dirty' | 'racy' {
  const { mode, recorded, actual } = args;
  switch (mode) {
    case MODE_FILE:
    case MODE_EXECUTABLE:
      if (!actual.isFile() || (actual.mode & 0o7777n) !== BigInt(mode & 0o777)) return 'dirty';
      break;
    case MODE_SYMLINK:
      if (!actual.isSymbolicLink()) return 'dirty';
      break;
    case MODE_GITLINK:
      return actual.isDirectory() ? 'clean' : 'dirty';
    default:
      return 'dirty';
  }
  const same =
    time(actual.ctimeNs) === time(recorded.ctimeNs) &&
    time(actual.mtimeNs) === time(recorded.mtimeNs) &&
    u32(actual.ino) === u32(recorded.ino) &&
    u32(actual.uid) === u32(recorded.uid) &&
    u32(actual.gid) === u32(recorded.gid) &&
    u32(actual.size) === u32(recorded.size);
  if (!same) return 'dirty';
  return time(recorded.mtimeNs) >= time(args.indexMtimeNs) ? 'racy' : 'clean';
}

/** A timestamp as the index keeps it: 32-bit seconds and nanoseconds, as one comparable number. */
function time(ns: bigint): bigint {
  return BigInt.asUintN(32, ns / NS_PER_SEC) * NS_PER_SEC + (ns % NS_PER_SEC);
}

function u32(value: bigint): bigint {
  return BigInt.asUintN(32, value);
}
