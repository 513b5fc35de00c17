// Must match git byte for byte: a port of how xdiff splits a file into line records (xdiff/xprepare.c).
/**
 * Splits file content into line records the way git's xdiff does: every record keeps its terminating
 * `\n`, and a last line without one is a record of its own. Keeping the terminator in the record is what
 * makes "same text, but one side lost the final newline" a change of the last line, as in git.
 */
export function splitRecords(content: Uint8Array): Uint8Array[] {
  const records: Uint8Array[] = [];
  let start = 0;
  while (start < content.length) {
    const newline = content.indexOf(10, start);
    const end = newline === -1 ? content.length : newline + 1;
    records.push(content.subarray(start, end));
    start = end;
  }
  return records;
}
