import { createHash } from 'node:crypto';
import type { IndexFileEntry, IndexFileExtension } from './read-index-file.js';

const HEADER_SIZE = 12;
const ENTRY_FIXED_SIZE = 62;
const FLAG_EXTENDED = 0x4000;
const NAME_LENGTH_MASK = 0xfff;

/**
 * The bytes of a git index holding `entries` (already in git's order: path bytes, then stage) and
 * `extensions`, with its trailing SHA-1, as git's `do_write_index` lays them out: version 4 keeps its
 * prefix-compressed paths; version 2 and 3 become 3 exactly when some entry has extended flags (git demotes
 * 3 to 2 when nothing needs it), each entry padded with NULs to a multiple of 8 bytes. An entry's stat words,
 * object id and flags are written as given, so an entry read by `readIndexFile` is written back byte for
 * byte.
 */
export function encodeIndexFile(args: {
  version: number;
  entries: readonly Pick<IndexFileEntry, 'name' | 'oid' | 'words' | 'flags' | 'extended'>[];
  extensions: readonly IndexFileExtension[];
}): Buffer {
  const { entries } = args;
  const extended = entries.some((entry) => entry.extended !== 0);
  const version = args.version === 4 ? 4 : extended ? 3 : 2;
  const chunks: Buffer[] = [];
  const header = Buffer.alloc(HEADER_SIZE);
  header.write('DIRC', 0, 'latin1');
  header.writeUInt32BE(version, 4);
  header.writeUInt32BE(entries.length, 8);
  chunks.push(header);

  let previous: Buffer = Buffer.alloc(0);
  for (const entry of entries) {
    const hasExtended = entry.extended !== 0;
    const fixed = Buffer.alloc(ENTRY_FIXED_SIZE + (hasExtended ? 2 : 0));
    let offset = 0;
    for (const word of entry.words) offset = fixed.writeUInt32BE(word >>> 0, offset);
    offset += fixed.write(entry.oid, offset, 'hex');
    const flags =
      (entry.flags & ~(FLAG_EXTENDED | NAME_LENGTH_MASK)) |
      (hasExtended ? FLAG_EXTENDED : 0) |
      Math.min(entry.name.length, NAME_LENGTH_MASK);
    offset = fixed.writeUInt16BE(flags, offset);
    if (hasExtended) fixed.writeUInt16BE(entry.extended, offset);
    chunks.push(fixed);
    if (version === 4) {
      let common = 0;
      const limit = Math.min(previous.length, entry.name.length);
      while (common < limit && previous[common] === entry.name[common]) common++;
      chunks.push(offsetVarint(previous.length - common), entry.name.subarray(common), Buffer.alloc(1));
    } else {
      const length = (fixed.length + entry.name.length + 8) & ~7;
      chunks.push(entry.name, Buffer.alloc(length - fixed.length - entry.name.length));
    }
    previous = entry.name;
  }
  for (const extension of args.extensions) {
    const head = Buffer.alloc(8);
    head.write(extension.signature, 0, 'latin1');
    head.writeUInt32BE(extension.data.length, 4);
    chunks.push(head, extension.data);
  }
  const body = Buffer.concat(chunks);
  return Buffer.concat([body, createHash('sha1').update(body).digest()]);
}

/** git's "offset" varint (varint.c encode_varint): 7 bits a byte, most significant first, minus one per continuation. */
function offsetVarint(value: number): Buffer {
  const bytes = [value & 0x7f];
  let rest = Math.floor(value / 128);
  while (rest > 0) {
    rest -= 1;
    bytes.unshift(0x80 | (rest & 0x7f));
    rest = Math.floor(rest / 128);
  }
  return Buffer.from(bytes);
}
