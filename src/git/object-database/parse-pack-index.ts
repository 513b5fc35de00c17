import type { PackIndex } from './pack-index.js';

const V2_MAGIC = 0xff744f63;
const FANOUT_BYTES = 256 * 4;
const ID_BYTES = 20;
const TRAILER_BYTES = 2 * ID_BYTES;

/**
 * Parses a pack `.idx` file (version 2, or the legacy version 1 that has no magic number). Throws, naming
 * `file`, when its size does not match what its fan-out table announces — a truncated index would
 * otherwise send reads to wrong offsets.
 */
export function parsePackIndex(buffer: Buffer, file: string): PackIndex {
  if (buffer.length >= 8 && buffer.readUInt32BE(0) === V2_MAGIC) {
    const version = buffer.readUInt32BE(4);
    if (version !== 2) throw new Error(`${file}: unsupported pack index version ${version}`);
    return parseVersion2(buffer, file);
  }
  return parseVersion1(buffer, file);
}

function parseVersion2(buffer: Buffer, file: string): PackIndex {
  const fanout = buffer.subarray(8, 8 + FANOUT_BYTES);
  if (fanout.length < FANOUT_BYTES) throw corrupt(file);
  const count = fanout.readUInt32BE(FANOUT_BYTES - 4);
  const namesAt = 8 + FANOUT_BYTES;
  // Names, then CRC32s (unused: the zlib stream's own checksum already guards each object), then offsets.
  const offsetsAt = namesAt + count * ID_BYTES + count * 4;
  const largeAt = offsetsAt + count * 4;
  const largeBytes = buffer.length - TRAILER_BYTES - largeAt;
  if (largeBytes < 0 || largeBytes % 8 !== 0) throw corrupt(file);
  return {
    count,
    fanout,
    names: buffer.subarray(namesAt, namesAt + count * ID_BYTES),
    offsets: buffer.subarray(offsetsAt, largeAt),
    largeOffsets: buffer.subarray(largeAt, largeAt + largeBytes),
  };
}

/** Version 1 interleaves a 32-bit offset with each id; it is rewritten into the version 2 layout. */
function parseVersion1(buffer: Buffer, file: string): PackIndex {
  if (buffer.length < FANOUT_BYTES) throw corrupt(file);
  const fanout = buffer.subarray(0, FANOUT_BYTES);
  const count = fanout.readUInt32BE(FANOUT_BYTES - 4);
  const entry = 4 + ID_BYTES;
  if (buffer.length !== FANOUT_BYTES + count * entry + TRAILER_BYTES) throw corrupt(file);
  const names = Buffer.allocUnsafe(count * ID_BYTES);
  const offsets = Buffer.allocUnsafe(count * 4);
  const large: bigint[] = [];
  for (let i = 0; i < count; i++) {
    const at = FANOUT_BYTES + i * entry;
    const offset = buffer.readUInt32BE(at);
    buffer.copy(names, i * ID_BYTES, at + 4, at + entry);
    // A version 1 offset may use all 32 bits, which version 2 reserves as the "large offset" flag.
    if (offset >= 0x80000000) {
      offsets.writeUInt32BE((0x80000000 | large.length) >>> 0, i * 4);
      large.push(BigInt(offset));
    } else offsets.writeUInt32BE(offset, i * 4);
  }
  const largeOffsets = Buffer.alloc(large.length * 8);
  large.forEach((offset, i) => largeOffsets.writeBigUInt64BE(offset, i * 8));
  return { count, fanout, names, offsets, largeOffsets };
}

function corrupt(file: string): Error {
  return new Error(`${file}: corrupt pack index (its size does not match its object count)`);
}
