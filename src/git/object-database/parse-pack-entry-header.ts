/** Object kinds as a pack entry header numbers them; 5 is reserved. */
export const PACK_KIND = { commit: 1, tree: 2, blob: 3, tag: 4, ofsDelta: 6, refDelta: 7 } as const;

/** The header of one pack entry, which precedes its zlib-compressed data. */
export interface PackEntryHeader {
  /** One of `PACK_KIND`. */
  kind: number;
  /** Inflated size of the entry's data: the object's size, or for a delta the size of the delta itself. */
  size: number;
  /** Number of header bytes; the compressed data starts right after them. */
  length: number;
  /** For an OFS_DELTA: the absolute pack offset of its base entry. */
  baseOffset?: number;
  /** For a REF_DELTA: the raw 20-byte id of its base object. */
  baseId?: Buffer;
}

/**
 * Parses the entry header at the start of `bytes`, which were read from the pack at offset `offset`:
 * type and size as a little-endian base-128 varint, then for an OFS_DELTA the distance back to its base
 * (git's "offset encoding", where each continuation byte also adds one) or for a REF_DELTA the base's id.
 * Throws, naming `where`, when the header is malformed or does not fit in `bytes`.
 */
export function parsePackEntryHeader(bytes: Buffer, offset: number, where: string): PackEntryHeader {
  const fail = (why: string) => new Error(`${where}: bad pack entry at offset ${offset}: ${why}`);
  let at = 0;
  const next = () => {
    if (at >= bytes.length) throw fail('truncated header');
    return bytes[at++];
  };
  let byte = next();
  const kind = (byte >> 4) & 7;
  // Multiplying instead of shifting keeps sizes beyond 2^31 exact.
  let size = byte & 15;
  for (let scale = 16; byte & 0x80; scale *= 128) {
    byte = next();
    size += (byte & 0x7f) * scale;
  }
  if (!Number.isSafeInteger(size)) throw fail('size too large');
  switch (kind) {
    case PACK_KIND.commit:
    case PACK_KIND.tree:
    case PACK_KIND.blob:
    case PACK_KIND.tag:
      return { kind, size, length: at };
    case PACK_KIND.ofsDelta: {
      byte = next();
      let distance = byte & 0x7f;
      while (byte & 0x80) {
        byte = next();
        distance = (distance + 1) * 128 + (byte & 0x7f);
      }
      if (distance <= 0 || distance > offset) throw fail(`delta base offset out of range (${distance} back)`);
      return { kind, size, length: at, baseOffset: offset - distance };
    }
    case PACK_KIND.refDelta:
      if (at + 20 > bytes.length) throw fail('truncated header');
      return { kind, size, length: at + 20, baseId: bytes.subarray(at, at + 20) };
    default:
      throw fail(`unknown type ${kind}`);
  }
}
