// Must match git byte for byte: a port of xdl_fill_merge_buffer, git's conflict markers (xdiff/xmerge.c).
import type { MergeRegion } from './merge-hunks.js';

/** How conflicts are written: the marker length and the labels after `<<<<<<<` and `>>>>>>>`. */
export interface ConflictMarkers {
  size: number;
  /** Labels as binary strings (one char per byte). */
  ours: string;
  theirs: string;
}

/**
 * xdl_fill_merge_buffer in git's default ("merge") conflict style: ours, with theirs' hunks spliced in,
 * and every conflict region written as `<<<<<<< ours-label`, our lines, `=======`, their lines,
 * `>>>>>>> theirs-label`. A side whose last line has no newline gets one inside the markers, and the
 * marker lines end in CRLF where the surrounding lines do (is_cr_needed). Pure.
 */
export function fillMergeBuffer(args: {
  regions: MergeRegion[];
  baseRecords: Uint8Array[];
  oursRecords: Uint8Array[];
  theirsRecords: Uint8Array[];
  markers: ConflictMarkers;
}): Uint8Array {
  const { regions, baseRecords, oursRecords, theirsRecords, markers } = args;
  const pieces: Uint8Array[] = [];
  const marker = (char: string, label: string, cr: boolean) =>
    pieces.push(
      Buffer.from(`${char.repeat(markers.size)}${label ? ` ${label}` : ''}${cr ? '\r' : ''}\n`, 'latin1'),
    );
  const side = (records: Uint8Array[], start: number, count: number, cr: boolean) => {
    if (count < 1) return;
    pieces.push(...records.slice(start, start + count));
    const last = records[start + count - 1];
    if (last.length === 0 || last[last.length - 1] !== 10)
      pieces.push(Buffer.from(cr ? '\r\n' : '\n', 'latin1'));
  };

  let next = 0;
  for (const region of regions) {
    if (region.mode === 0) {
      const cr = crNeeded(baseRecords, oursRecords, theirsRecords, region);
      pieces.push(...oursRecords.slice(next, region.i1));
      marker('<', markers.ours, cr);
      side(oursRecords, region.i1, region.chg1, cr);
      marker('=', '', cr);
      side(theirsRecords, region.i2, region.chg2, cr);
      marker('>', markers.theirs, cr);
    } else if (region.mode === 1 || region.mode === 2) {
      pieces.push(...oursRecords.slice(next, region.i1));
      if (region.mode === 1) pieces.push(...oursRecords.slice(region.i1, region.i1 + region.chg1));
      else pieces.push(...theirsRecords.slice(region.i2, region.i2 + region.chg2));
    } else {
      continue;
    }
    next = region.i1 + region.chg1;
  }
  pieces.push(...oursRecords.slice(next));
  return Buffer.concat(pieces);
}

/** is_cr_needed: the line ending of the lines before the conflict on both sides, else of the base's first. */
function crNeeded(
  base: Uint8Array[],
  ours: Uint8Array[],
  theirs: Uint8Array[],
  region: MergeRegion,
): boolean {
  let needs = eolIsCrlf(ours, region.i1 ? region.i1 - 1 : 0);
  if (needs) needs = eolIsCrlf(theirs, region.i2 ? region.i2 - 1 : 0);
  if (needs) needs = eolIsCrlf(base, 0);
  return needs === 1;
}

/** is_eol_crlf: 1 if line `i` ends in CRLF (a last line without one: the line before), 0 for LF, -1 unknown. */
function eolIsCrlf(records: Uint8Array[], i: number): number {
  const crlf = (record: Uint8Array) => (record.length > 1 && record[record.length - 2] === 13 ? 1 : 0);
  if (i < records.length - 1) return crlf(records[i]);
  if (records.length === 0) return -1;
  const last = records[i];
  if (last.length > 0 && last[last.length - 1] === 10) return crlf(last);
  if (i === 0) return -1;
  return crlf(records[i - 1]);
}
