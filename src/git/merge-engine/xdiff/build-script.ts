// Must match git byte for byte: a port of xdl_build_script (xdiff/xdiffi.c).
import type { Hunk } from './diff-types.js';

/**
 * xdl_build_script: turns the change marks of both files (with xdiff's sentinels) into the list of hunks,
 * in file order. Walking both files from the end in lockstep pairs every unchanged line with its partner.
 */
export function buildScript(rchg1: Uint8Array, n1: number, rchg2: Uint8Array, n2: number): Hunk[] {
  const hunks: Hunk[] = [];
  for (let i1 = n1, i2 = n2; i1 >= 0 || i2 >= 0; i1--, i2--) {
    if (rchg1[i1] === 1 || rchg2[i2] === 1) {
      const l1 = i1;
      const l2 = i2;
      while (rchg1[i1] === 1) i1--;
      while (rchg2[i2] === 1) i2--;
      hunks.push({ i1, i2, chg1: l1 - i1, chg2: l2 - i2 });
    }
  }
  return hunks.reverse();
}
