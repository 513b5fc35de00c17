import type { PackIndex } from './pack-index.js';

/**
 * Returns the offset in the pack of the object whose raw 20-byte id is `id`, or `undefined` when the pack
 * does not hold it. The fan-out table narrows the search to ids sharing the first byte, then a binary
 * search compares ids in place in the index buffer.
 */
export function findPackOffset(index: PackIndex, id: Buffer): number | undefined {
  const first = id[0];
  let low = first === 0 ? 0 : index.fanout.readUInt32BE((first - 1) * 4);
  let high = index.fanout.readUInt32BE(first * 4);
  while (low < high) {
    const middle = (low + high) >>> 1;
    const order = index.names.compare(id, 0, 20, middle * 20, middle * 20 + 20);
    if (order === 0) return offsetAt(index, middle);
    if (order < 0) low = middle + 1;
    else high = middle;
  }
  return undefined;
}

function offsetAt(index: PackIndex, position: number): number {
  const offset = index.offsets.readUInt32BE(position * 4);
  if (offset < 0x80000000) return offset;
  const large = index.largeOffsets.readBigUInt64BE((offset & 0x7fffffff) * 8);
  // Offsets beyond 2^53 would need a pack larger than any file system allows; refuse rather than round.
  if (large > BigInt(Number.MAX_SAFE_INTEGER)) throw new Error(`pack offset ${large} is too large`);
  return Number(large);
}
