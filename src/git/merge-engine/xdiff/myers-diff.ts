// Must match git byte for byte: a port of xdiff's Myers diff with its heuristics (xdiff/xdiffi.c).
/* eslint-disable @typescript-eslint/no-unused-expressions -- the comma expressions of xdiff's C, kept as written */
import type { DiffPair } from './diff-types.js';

const SNAKE_CNT = 20;
const K_HEUR = 4;
const HEUR_MIN = 256;
const MAX_COST_MIN = 256;
const MAX_EQLIMIT = 1024;
const SIMSCAN_WINDOW = 100;
const KPDIS_RUN = 4;
const LINE_MAX = Number.MAX_SAFE_INTEGER;

/**
 * Marks the changed lines of `pair` with xdiff's classic algorithm (Myers' O(ND) divide and conquer with
 * xdiff's cost heuristics, after trimming common ends and discarding lines that cannot match). Git falls
 * back to it inside histogram diff when every common line is too frequent; its exact choices (not just
 * any minimal diff) decide which hunks touch, and so whether a merge is clean.
 */
export function myersDiff(pair: DiffPair): void {
  const { ha1, ha2, rchg1, rchg2 } = pair;
  const n1 = ha1.length;
  const n2 = ha2.length;
  let dstart = 0;
  const lim = Math.min(n1, n2);
  while (dstart < lim && ha1[dstart] === ha2[dstart]) dstart++;
  let tail = 0;
  while (tail < lim - dstart && ha1[n1 - 1 - tail] === ha2[n2 - 1 - tail]) tail++;
  const reduced1 = discardUnmatched(ha1, ha2, dstart, n1 - tail - 1, rchg1);
  const reduced2 = discardUnmatched(ha2, ha1, dstart, n2 - tail - 1, rchg2);
  compareRecords(reduced1, reduced2, rchg1, rchg2);
}

interface Reduced {
  ha: Int32Array;
  rindex: Int32Array;
}

/** xdl_cleanup_records: lines with no match on the other side are changed without further ado. */
function discardUnmatched(
  ha: Int32Array,
  other: Int32Array,
  dstart: number,
  dend: number,
  rchg: Uint8Array,
): Reduced {
  const counts = new Map<number, number>();
  for (const id of other) counts.set(id, (counts.get(id) ?? 0) + 1);
  const mlim = Math.min(bogosqrt(ha.length), MAX_EQLIMIT);
  const dis = new Uint8Array(ha.length + 1);
  for (let i = dstart; i <= dend; i++) {
    const nm = counts.get(ha[i]) ?? 0;
    dis[i] = nm === 0 ? 0 : nm >= mlim ? 2 : 1;
  }
  const kept: number[] = [];
  for (let i = dstart; i <= dend; i++) {
    if (dis[i] === 1 || (dis[i] === 2 && !cleanMultimatch(dis, i, dstart, dend))) kept.push(i);
    else rchg[i + 1] = 1;
  }
  return { rindex: Int32Array.from(kept), ha: Int32Array.from(kept, (i) => ha[i]) };
}

/** xdl_clean_mmatch: a frequent line is discarded only inside a run of mostly unmatched lines. */
function cleanMultimatch(dis: Uint8Array, i: number, s: number, e: number): boolean {
  if (i - s > SIMSCAN_WINDOW) s = i - SIMSCAN_WINDOW;
  if (e - i > SIMSCAN_WINDOW) e = i + SIMSCAN_WINDOW;
  let rdis0 = 0;
  let rpdis0 = 1;
  for (let r = 1; i - r >= s; r++) {
    if (!dis[i - r]) rdis0++;
    else if (dis[i - r] === 2) rpdis0++;
    else break;
  }
  if (rdis0 === 0) return false;
  let rdis1 = 0;
  let rpdis1 = 1;
  for (let r = 1; i + r <= e; r++) {
    if (!dis[i + r]) rdis1++;
    else if (dis[i + r] === 2) rpdis1++;
    else break;
  }
  if (rdis1 === 0) return false;
  rdis1 += rdis0;
  rpdis1 += rpdis0;
  return rpdis1 * KPDIS_RUN < rpdis1 + rdis1;
}

/** xdl_recs_cmp, iterative but in the same depth-first order as xdiff's recursion. */
function compareRecords(a: Reduced, b: Reduced, rchg1: Uint8Array, rchg2: Uint8Array): void {
  const ha1 = a.ha;
  const ha2 = b.ha;
  const ndiags = ha1.length + ha2.length + 3;
  const kv = { f: new Float64Array(ndiags), b: new Float64Array(ndiags), zero: ha2.length + 1 };
  const mxcost = Math.max(MAX_COST_MIN, bogosqrt(ndiags));
  const stack: [number, number, number, number, boolean][] = [[0, ha1.length, 0, ha2.length, false]];
  while (stack.length > 0) {
    let [off1, lim1, off2, lim2, needMin] = stack.pop()!;
    while (off1 < lim1 && off2 < lim2 && ha1[off1] === ha2[off2]) (off1++, off2++);
    while (off1 < lim1 && off2 < lim2 && ha1[lim1 - 1] === ha2[lim2 - 1]) (lim1--, lim2--);
    if (off1 === lim1) {
      for (; off2 < lim2; off2++) rchg2[b.rindex[off2] + 1] = 1;
    } else if (off2 === lim2) {
      for (; off1 < lim1; off1++) rchg1[a.rindex[off1] + 1] = 1;
    } else {
      const spl = splitBox(ha1, off1, lim1, ha2, off2, lim2, kv, needMin, mxcost);
      stack.push([spl.i1, lim1, spl.i2, lim2, spl.minHi], [off1, spl.i1, off2, spl.i2, spl.minLo]);
    }
  }
}

interface Split {
  i1: number;
  i2: number;
  minLo: boolean;
  minHi: boolean;
}

/** xdl_split: the middle snake of one box, cut short by xdiff's heuristics when the box is expensive. */
function splitBox(
  ha1: Int32Array,
  off1: number,
  lim1: number,
  ha2: Int32Array,
  off2: number,
  lim2: number,
  kv: { f: Float64Array; b: Float64Array; zero: number },
  needMin: boolean,
  mxcost: number,
): Split {
  const F = kv.f;
  const B = kv.b;
  const z = kv.zero;
  const dmin = off1 - lim2;
  const dmax = lim1 - off2;
  const fmid = off1 - off2;
  const bmid = lim1 - lim2;
  const odd = ((fmid - bmid) & 1) !== 0;
  let fmin = fmid;
  let fmax = fmid;
  let bmin = bmid;
  let bmax = bmid;
  F[fmid + z] = off1;
  B[bmid + z] = lim1;
  for (let ec = 1; ; ec++) {
    let gotSnake = false;
    if (fmin > dmin) F[--fmin - 1 + z] = -1;
    else ++fmin;
    if (fmax < dmax) F[++fmax + 1 + z] = -1;
    else --fmax;
    for (let d = fmax; d >= fmin; d -= 2) {
      let i1 = F[d - 1 + z] >= F[d + 1 + z] ? F[d - 1 + z] + 1 : F[d + 1 + z];
      const prev1 = i1;
      let i2 = i1 - d;
      while (i1 < lim1 && i2 < lim2 && ha1[i1] === ha2[i2]) (i1++, i2++);
      if (i1 - prev1 > SNAKE_CNT) gotSnake = true;
      F[d + z] = i1;
      if (odd && bmin <= d && d <= bmax && B[d + z] <= i1) return { i1, i2, minLo: true, minHi: true };
    }
    if (bmin > dmin) B[--bmin - 1 + z] = LINE_MAX;
    else ++bmin;
    if (bmax < dmax) B[++bmax + 1 + z] = LINE_MAX;
    else --bmax;
    for (let d = bmax; d >= bmin; d -= 2) {
      let i1 = B[d - 1 + z] < B[d + 1 + z] ? B[d - 1 + z] : B[d + 1 + z] - 1;
      const prev1 = i1;
      let i2 = i1 - d;
      while (i1 > off1 && i2 > off2 && ha1[i1 - 1] === ha2[i2 - 1]) (i1--, i2--);
      if (prev1 - i1 > SNAKE_CNT) gotSnake = true;
      B[d + z] = i1;
      if (!odd && fmin <= d && d <= fmax && i1 <= F[d + z]) return { i1, i2, minLo: true, minHi: true };
    }
    if (needMin) continue;
    if (gotSnake && ec > HEUR_MIN) {
      const forward = goodForwardSnake(ha1, off1, lim1, ha2, off2, lim2, F, z, fmin, fmax, fmid, ec);
      if (forward) return { ...forward, minLo: true, minHi: false };
      const backward = goodBackwardSnake(ha1, off1, lim1, ha2, off2, lim2, B, z, bmin, bmax, bmid, ec);
      if (backward) return { ...backward, minLo: false, minHi: true };
    }
    if (ec >= mxcost) return furthestReach(off1, lim1, off2, lim2, F, B, z, fmin, fmax, bmin, bmax);
  }
}

function goodForwardSnake(
  ha1: Int32Array,
  off1: number,
  lim1: number,
  ha2: Int32Array,
  off2: number,
  lim2: number,
  F: Float64Array,
  z: number,
  fmin: number,
  fmax: number,
  fmid: number,
  ec: number,
): { i1: number; i2: number } | undefined {
  let best = 0;
  let found: { i1: number; i2: number } | undefined;
  for (let d = fmax; d >= fmin; d -= 2) {
    const dd = d > fmid ? d - fmid : fmid - d;
    const i1 = F[d + z];
    const i2 = i1 - d;
    const v = i1 - off1 + (i2 - off2) - dd;
    if (
      v > K_HEUR * ec &&
      v > best &&
      off1 + SNAKE_CNT <= i1 &&
      i1 < lim1 &&
      off2 + SNAKE_CNT <= i2 &&
      i2 < lim2
    ) {
      for (let k = 1; ha1[i1 - k] === ha2[i2 - k]; k++) {
        if (k === SNAKE_CNT) {
          best = v;
          found = { i1, i2 };
          break;
        }
      }
    }
  }
  return best > 0 ? found : undefined;
}

function goodBackwardSnake(
  ha1: Int32Array,
  off1: number,
  lim1: number,
  ha2: Int32Array,
  off2: number,
  lim2: number,
  B: Float64Array,
  z: number,
  bmin: number,
  bmax: number,
  bmid: number,
  ec: number,
): { i1: number; i2: number } | undefined {
  let best = 0;
  let found: { i1: number; i2: number } | undefined;
  for (let d = bmax; d >= bmin; d -= 2) {
    const dd = d > bmid ? d - bmid : bmid - d;
    const i1 = B[d + z];
    const i2 = i1 - d;
    const v = lim1 - i1 + (lim2 - i2) - dd;
    if (
      v > K_HEUR * ec &&
      v > best &&
      off1 < i1 &&
      i1 <= lim1 - SNAKE_CNT &&
      off2 < i2 &&
      i2 <= lim2 - SNAKE_CNT
    ) {
      for (let k = 0; ha1[i1 + k] === ha2[i2 + k]; k++) {
        if (k === SNAKE_CNT - 1) {
          best = v;
          found = { i1, i2 };
          break;
        }
      }
    }
  }
  return best > 0 ? found : undefined;
}

function furthestReach(
  off1: number,
  lim1: number,
  off2: number,
  lim2: number,
  F: Float64Array,
  B: Float64Array,
  z: number,
  fmin: number,
  fmax: number,
  bmin: number,
  bmax: number,
): Split {
  let fbest = -1;
  let fbest1 = -1;
  for (let d = fmax; d >= fmin; d -= 2) {
    let i1 = Math.min(F[d + z], lim1);
    let i2 = i1 - d;
    if (lim2 < i2) ((i1 = lim2 + d), (i2 = lim2));
    if (fbest < i1 + i2) ((fbest = i1 + i2), (fbest1 = i1));
  }
  let bbest = LINE_MAX;
  let bbest1 = LINE_MAX;
  for (let d = bmax; d >= bmin; d -= 2) {
    let i1 = Math.max(off1, B[d + z]);
    let i2 = i1 - d;
    if (i2 < off2) ((i1 = off2 + d), (i2 = off2));
    if (i1 + i2 < bbest) ((bbest = i1 + i2), (bbest1 = i1));
  }
  if (lim1 + lim2 - bbest < fbest - (off1 + off2))
    return { i1: fbest1, i2: fbest - fbest1, minLo: true, minHi: false };
  return { i1: bbest1, i2: bbest - bbest1, minLo: false, minHi: true };
}

/** xdl_bogosqrt: xdiff's rough integer square root, reproduced because it sets the cost limits. */
function bogosqrt(n: number): number {
  let i = 1;
  for (; n > 0; n = Math.floor(n / 4)) i *= 2;
  return i;
}
