/**
 * A parsed pack index, laid out as version 2 stores it whatever version it was read from, so that lookups
 * are binary searches over slices of the file's own buffer rather than over millions of small objects.
 */
export interface PackIndex {
  /** Number of objects in the pack. */
  count: number;
  /** 256 big-endian uint32: entry `b` is the number of objects whose id starts with a byte <= `b`. */
  fanout: Buffer;
  /** `count` raw 20-byte object ids, sorted. */
  names: Buffer;
  /** `count` big-endian uint32 offsets; with the top bit set, the low 31 bits index `largeOffsets`. */
  offsets: Buffer;
  /** Big-endian uint64 offsets of objects beyond 2 GiB. */
  largeOffsets: Buffer;
}
