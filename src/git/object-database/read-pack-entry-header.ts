import type { ObjectStore, PackFile } from './object-store.js';
import { type PackEntryHeader, parsePackEntryHeader } from './parse-pack-entry-header.js';
import { PACK_WINDOW_BYTES, readPackBytes } from './read-pack-bytes.js';

/** More than the longest header (a size varint, then a 20-byte base id or an offset varint). */
const HEADER_BYTES = 64;

/** A pack entry's header, where it is, and the bytes that follow its header, as far as they were read. */
export interface LocatedPackEntry extends PackEntryHeader {
  offset: number;
  /** Bytes from the start of the compressed data; may be shorter than it. */
  prefix: Buffer;
}

/**
 * Reads and parses the header of the pack entry at `offset` of `pack`, without inflating its data. What
 * is read is the rest of the pack window the entry starts in, which costs no copy and most often holds
 * the whole compressed entry too.
 */
export async function readPackEntryHeader(args: {
  store: ObjectStore;
  pack: PackFile;
  offset: number;
}): Promise<LocatedPackEntry> {
  const { store, pack, offset } = args;
  const length = Math.max(HEADER_BYTES, PACK_WINDOW_BYTES - (offset % PACK_WINDOW_BYTES));
  const bytes = await readPackBytes({ store, pack, position: offset, length });
  const header = parsePackEntryHeader(bytes, offset, pack.path);
  return { ...header, offset, prefix: bytes.subarray(header.length) };
}
