import { UserError } from '../../errors/specgate-error.js';

/** One entry of a git index as stored: its fixed part kept verbatim, so that it can be written back unchanged. */
export interface IndexFileEntry {
  /** Path relative to the work-tree root, `/`-separated, as its bytes decode in UTF-8. */
  path: string;
  /** The path's bytes as stored. */
  name: Buffer;
  /** Object id, 40 hex digits. */
  oid: string;
  /** git mode (the seventh stat word). */
  mode: number;
  /** The ten 32-bit stat words in file order: ctime s/ns, mtime s/ns, dev, ino, mode, uid, gid, size. */
  words: readonly number[];
  /** The 16-bit flags word (assume-valid, extended, stage, name length). */
  flags: number;
  /** The extended flags word (skip-worktree, intent-to-add), 0 when absent. */
  extended: number;
}

/** One extension of a git index: its four-byte signature and its data. */
export interface IndexFileExtension {
  signature: string;
  data: Buffer;
}

/** A parsed git index file. */
export interface IndexFile {
  version: number;
  entries: IndexFileEntry[];
  extensions: IndexFileExtension[];
}

const HEADER_SIZE = 12;
const CHECKSUM_SIZE = 20;
const ENTRY_FIXED_SIZE = 62;
const FLAG_EXTENDED = 0x4000;
const NAME_LENGTH_MASK = 0xfff;

/**
 * Parses the bytes of a git index of version 2, 3 or 4 (4's prefix-compressed paths included): its entries
 * in file order, every stat word and flag as stored, and its extensions in order with their data. The
 * trailing SHA-1 is not verified, as git does not verify it on reading. A
 * required extension (`link` of a split index, `sdir` of a sparse index) is refused as git refuses one it
 * does not know: the entries alone do not describe such an index.
 *
 * @throws UserError (`BAD_INDEX`) naming `file` when the bytes are not such an index.
 */
export function readIndexFile(data: Buffer, file: string): IndexFile {
  const fail = (reason: string): Error =>
    new UserError('BAD_INDEX', `cannot read git index ${file}: ${reason}`, {
      suggestion: 'git read-tree HEAD rebuilds it (what is staged is lost)',
    });
  if (data.length < HEADER_SIZE + CHECKSUM_SIZE) throw fail('file is too short');
  if (data.toString('latin1', 0, 4) !== 'DIRC') throw fail('bad signature');
  const version = data.readUInt32BE(4);
  if (version < 2 || version > 4) throw fail(`unsupported version ${version}`);
  const count = data.readUInt32BE(8);

  // The trailing SHA-1 is not verified, as git does not verify it when it reads an index (only
  // `git fsck` does): a repository git works with, specgate works with too. A broken structure still fails.
  const end = data.length - CHECKSUM_SIZE;

  const entries: IndexFileEntry[] = [];
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
    entries.push({ path: name.toString('utf8'), name, oid, mode: words[6], words, flags, extended });
  }

  const extensions: IndexFileExtension[] = [];
  while (offset < end) {
    if (offset + 8 > end) throw fail('truncated extension header');
    const signature = data.subarray(offset, offset + 4);
    const size = data.readUInt32BE(offset + 4);
    // git's rule: an extension whose name starts with an uppercase letter is optional and may be ignored.
    if (!(signature[0] >= 0x41 && signature[0] <= 0x5a)) {
      throw fail(`required extension ${JSON.stringify(signature.toString('latin1'))} is not supported`);
    }
    if (offset + 8 + size > end)
      throw fail(`extension ${JSON.stringify(signature.toString('latin1'))} is truncated`);
    extensions.push({
      signature: signature.toString('latin1'),
      data: data.subarray(offset + 8, offset + 8 + size),
    });
    offset += 8 + size;
  }
  if (emptyPath >= 0) throw fail(`entry ${emptyPath} has an empty path`);
  return { version, entries, extensions };
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
