// Must match git byte for byte: a port of xdiff's line classifier (xdiff/xprepare.c).
/**
 * Gives every distinct line a small integer class, numbered in order of first appearance across
 * `files` (all of the first file, then the second, ...), as xdiff's classifier does. Diff algorithms then
 * compare integers instead of bytes; the numbering order matters only to the histogram diff's hash
 * buckets, which is why it follows xdiff's.
 */
export function classifyRecords(files: Uint8Array[][]): Int32Array[] {
  const classes = new Map<string, number>();
  return files.map((records) => {
    const ids = new Int32Array(records.length);
    records.forEach((record, i) => {
      const key = Buffer.from(record.buffer, record.byteOffset, record.byteLength).toString('latin1');
      let id = classes.get(key);
      if (id === undefined) {
        id = classes.size;
        classes.set(key, id);
      }
      ids[i] = id;
    });
    return ids;
  });
}
