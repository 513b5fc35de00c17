// Must match git byte for byte: a port of xdl_do_merge's pairing of both sides' hunks (xdiff/xmerge.c).
import type { Hunk } from './diff-types.js';
import { sameLines } from './same-lines.js';

/**
 * One region of a three-way merge, in xdiff's terms: `mode` 0 is a conflict, 1 takes ours, 2 takes
 * theirs, 4 marks identical changes; `i0/chg0` are base lines, `i1/chg1` ours, `i2/chg2` theirs.
 */
export interface MergeRegion {
  mode: number;
  i0: number;
  chg0: number;
  i1: number;
  chg1: number;
  i2: number;
  chg2: number;
}

/**
 * xdl_do_merge's pairing of the two edit scripts (base→ours, base→theirs): hunks that neither overlap
 * nor touch are taken from their side; hunks that overlap or are adjacent become one conflict region
 * unless they are the very same change. Regions that touch in either post-image are fused, and fusing
 * regions of different sides makes a conflict, as in git.
 */
export function mergeHunks(args: {
  ours: Hunk[];
  theirs: Hunk[];
  oursRecords: Uint8Array[];
  theirsRecords: Uint8Array[];
  baseCount: number;
}): MergeRegion[] {
  const { ours, theirs, oursRecords, theirsRecords, baseCount } = args;
  const regions: MergeRegion[] = [];
  const append = (
    mode: number,
    i0: number,
    chg0: number,
    i1: number,
    chg1: number,
    i2: number,
    chg2: number,
  ): void => {
    const m = regions.at(-1);
    if (m && (i1 <= m.i1 + m.chg1 || i2 <= m.i2 + m.chg2)) {
      if (mode !== m.mode) m.mode = 0;
      m.chg0 = i0 + chg0 - m.i0;
      m.chg1 = i1 + chg1 - m.i1;
      m.chg2 = i2 + chg2 - m.i2;
    } else {
      regions.push({ mode, i0, chg0, i1, chg1, i2, chg2 });
    }
  };

  let x1 = 0;
  let x2 = 0;
  while (x1 < ours.length && x2 < theirs.length) {
    const a = ours[x1];
    const b = theirs[x2];
    if (a.i1 + a.chg1 < b.i1) {
      append(1, a.i1, a.chg1, a.i2, a.chg2, b.i2 - b.i1 + a.i1, a.chg1);
      x1++;
      continue;
    }
    if (b.i1 + b.chg1 < a.i1) {
      append(2, b.i1, b.chg1, a.i2 - a.i1 + b.i1, b.chg1, b.i2, b.chg2);
      x2++;
      continue;
    }
    const identical =
      a.i1 === b.i1 &&
      a.chg1 === b.chg1 &&
      a.chg2 === b.chg2 &&
      sameLines(oursRecords, a.i2, theirsRecords, b.i2, a.chg2);
    if (!identical) {
      const off = a.i1 - b.i1;
      const ffo = off + a.chg1 - b.chg1;
      let i0 = a.i1;
      let i1 = a.i2;
      let i2 = b.i2;
      if (off > 0) {
        i0 -= off;
        i1 -= off;
      } else {
        i2 += off;
      }
      let chg0 = a.i1 + a.chg1 - i0;
      let chg1 = a.i2 + a.chg2 - i1;
      let chg2 = b.i2 + b.chg2 - i2;
      if (ffo < 0) {
        chg0 -= ffo;
        chg1 -= ffo;
      } else {
        chg2 += ffo;
      }
      append(0, i0, chg0, i1, chg1, i2, chg2);
    }
    const end1 = a.i1 + a.chg1;
    const end2 = b.i1 + b.chg1;
    if (end1 >= end2) x2++;
    if (end2 >= end1) x1++;
  }
  for (; x1 < ours.length; x1++) {
    const a = ours[x1];
    append(1, a.i1, a.chg1, a.i2, a.chg2, a.i1 + theirsRecords.length - baseCount, a.chg1);
  }
  for (; x2 < theirs.length; x2++) {
    const b = theirs[x2];
    append(2, b.i1, b.chg1, b.i1 + oursRecords.length - baseCount, b.chg1, b.i2, b.chg2);
  }
  return regions;
}
