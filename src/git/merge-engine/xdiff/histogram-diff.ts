// Must match git byte for byte: a port of xdiff's histogram diff (xdiff/xhistogram.c).
import type { DiffPair } from './diff-types.js';
import { myersDiff } from './myers-diff.js';

/** xdiff gives up on a hash bucket holding this many distinct lines, and on lines more frequent than it. */
const MAX_CHAIN_LENGTH = 64;

/**
 * Marks the changed lines of `pair` with git's histogram diff (xdiff's `xhistogram.c`), the algorithm
 * merge-ort hard-codes for content merges. Returns false where xdiff itself fails (a hash bucket
 * overflows), in which case git aborts the merge of that file.
 *
 * The algorithm: find the longest common run of lines built around the rarest line, recurse on both sides
 * of it; where every common line is too frequent, fall back to the classic diff.
 */
export function histogramDiff(pair: DiffPair): boolean {
  const { ha1, ha2, rchg1, rchg2 } = pair;
  // Regions are 1-based, like xhistogram.c; order of processing does not affect the marks.
  const work: [number, number, number, number][] = [[1, ha1.length, 1, ha2.length]];
  while (work.length > 0) {
    let [line1, count1, line2, count2] = work.pop()!;
    for (;;) {
      if (count1 <= 0 && count2 <= 0) break;
      if (count1 <= 0) {
        mark(rchg2, line2, count2);
        break;
      }
      if (count2 <= 0) {
        mark(rchg1, line1, count1);
        break;
      }
      const found = findLcs(pair, line1, count1, line2, count2);
      if (found === 'fail') return false;
      if (found === 'fallback') {
        fallBack(pair, line1, count1, line2, count2);
        break;
      }
      if (found.begin1 === 0 && found.begin2 === 0) {
        mark(rchg1, line1, count1);
        mark(rchg2, line2, count2);
        break;
      }
      work.push([line1, found.begin1 - line1, line2, found.begin2 - line2]);
      const end1 = line1 + count1 - 1;
      const end2 = line2 + count2 - 1;
      count1 = end1 - found.end1;
      line1 = found.end1 + 1;
      count2 = end2 - found.end2;
      line2 = found.end2 + 1;
    }
  }
  return true;
}

interface Region {
  begin1: number;
  end1: number;
  begin2: number;
  end2: number;
}

interface Occurrences {
  ptr: number;
  cnt: number;
}

function findLcs(
  pair: DiffPair,
  line1: number,
  count1: number,
  line2: number,
  count2: number,
): Region | 'fail' | 'fallback' {
  const { ha1, ha2 } = pair;
  const tableBits = hashBits(count1);
  const bucketSizes = new Map<number, number>();
  const records = new Map<number, Occurrences>();
  const lineMap: Occurrences[] = new Array(count1);
  const nextPtrs = new Int32Array(count1);
  const end1 = line1 + count1 - 1;
  const end2 = line2 + count2 - 1;
  for (let ptr = end1; ptr >= line1; ptr--) {
    const id = ha1[ptr - 1];
    let rec = records.get(id);
    if (rec) {
      nextPtrs[ptr - line1] = rec.ptr;
      rec.ptr = ptr;
      rec.cnt++;
    } else {
      const bucket = hashLong(id, tableBits);
      const size = bucketSizes.get(bucket) ?? 0;
      if (size === MAX_CHAIN_LENGTH) return 'fail';
      bucketSizes.set(bucket, size + 1);
      rec = { ptr, cnt: 1 };
      records.set(id, rec);
    }
    lineMap[ptr - line1] = rec;
  }

  let cnt = MAX_CHAIN_LENGTH + 1;
  let hasCommon = false;
  const lcs: Region = { begin1: 0, end1: 0, begin2: 0, end2: 0 };
  for (let bPtr = line2; bPtr <= end2;) {
    let bNext = bPtr + 1;
    const rec = records.get(ha2[bPtr - 1]);
    if (rec && rec.cnt > cnt) {
      hasCommon = true;
    } else if (rec) {
      hasCommon = true;
      let as = rec.ptr;
      for (;;) {
        let np = nextPtrs[as - line1];
        let bs = bPtr;
        let ae = as;
        let be = bs;
        let rc = rec.cnt;
        while (line1 < as && line2 < bs && ha1[as - 2] === ha2[bs - 2]) {
          as--;
          bs--;
          if (rc > 1) rc = Math.min(rc, lineMap[as - line1].cnt);
        }
        while (ae < end1 && be < end2 && ha1[ae] === ha2[be]) {
          ae++;
          be++;
          if (rc > 1) rc = Math.min(rc, lineMap[ae - line1].cnt);
        }
        if (bNext <= be) bNext = be + 1;
        if (lcs.end1 - lcs.begin1 < ae - as || rc < cnt) {
          lcs.begin1 = as;
          lcs.begin2 = bs;
          lcs.end1 = ae;
          lcs.end2 = be;
          cnt = rc;
        }
        if (np === 0) break;
        while (np !== 0 && np <= ae) np = nextPtrs[np - line1];
        if (np === 0) break;
        as = np;
      }
    }
    bPtr = bNext;
  }
  if (hasCommon && MAX_CHAIN_LENGTH < cnt) return 'fallback';
  return lcs;
}

/** xdl_fall_back_diff: the classic diff on just this region, its marks copied back. */
function fallBack(pair: DiffPair, line1: number, count1: number, line2: number, count2: number): void {
  const sub: DiffPair = {
    ha1: pair.ha1.subarray(line1 - 1, line1 - 1 + count1),
    ha2: pair.ha2.subarray(line2 - 1, line2 - 1 + count2),
    rchg1: new Uint8Array(count1 + 2),
    rchg2: new Uint8Array(count2 + 2),
  };
  myersDiff(sub);
  pair.rchg1.set(sub.rchg1.subarray(1, count1 + 1), line1);
  pair.rchg2.set(sub.rchg2.subarray(1, count2 + 1), line2);
}

/** Marks `count` lines from 1-based `line` (array index `line`, after the sentinel). */
function mark(rchg: Uint8Array, line: number, count: number): void {
  rchg.fill(1, line, line + count);
}

/** xdl_hashbits: bits of the smallest power of two not below `size` (at least 1). */
function hashBits(size: number): number {
  let bits = 0;
  for (let val = 1; val < size && bits < 32; val *= 2) bits++;
  return bits || 1;
}

/** XDL_HASHLONG on a class id. */
function hashLong(value: number, bits: number): number {
  return (value + Math.floor(value / 2 ** bits)) % 2 ** bits;
}
