// Must match git byte for byte: a port of xdl_refine_conflicts and friends (xdiff/xmerge.c).
import { diffRecords } from './diff-records.js';
import type { MergeRegion } from './merge-hunks.js';

/**
 * xdiff's `XDL_MERGE_ZEALOUS` pass over the regions of a conflicted merge (xdl_refine_conflicts, then
 * xdl_simplify_non_conflicts without the alphanumeric rule), which decides where git's conflict markers
 * go: each conflict whose sides are both non-empty is narrowed to the hunks of a diff between the two
 * sides (identical sides become mode 4, no conflict), and two conflicts at most three lines apart are
 * fused into one. Returns the new list, or undefined where xdiff itself would fail. Pure.
 */
export function refineConflicts(
  regions: MergeRegion[],
  oursRecords: Uint8Array[],
  theirsRecords: Uint8Array[],
): MergeRegion[] | undefined {
  const refined: MergeRegion[] = [];
  for (const region of regions) {
    if (region.mode !== 0 || region.chg1 === 0 || region.chg2 === 0) {
      refined.push({ ...region });
      continue;
    }
    const script = diffRecords(
      oursRecords.slice(region.i1, region.i1 + region.chg1),
      theirsRecords.slice(region.i2, region.i2 + region.chg2),
    );
    if (!script) return undefined;
    if (script.length === 0) {
      refined.push({ ...region, mode: 4 });
      continue;
    }
    // Only the first piece keeps the base range; git leaves the others' base fields unset, and nothing
    // but the diff3 style (not modelled) reads them.
    script.forEach((hunk, k) =>
      refined.push({
        mode: 0,
        i0: k === 0 ? region.i0 : 0,
        chg0: k === 0 ? region.chg0 : 0,
        i1: region.i1 + hunk.i1,
        chg1: hunk.chg1,
        i2: region.i2 + hunk.i2,
        chg2: hunk.chg2,
      }),
    );
  }
  // xdl_simplify_non_conflicts: fewer than four unchanged lines between two conflicts go into one.
  const simplified: MergeRegion[] = [];
  for (const region of refined) {
    const last = simplified.at(-1);
    if (last && last.mode === 0 && region.mode === 0 && region.i1 - (last.i1 + last.chg1) <= 3) {
      last.chg1 = region.i1 + region.chg1 - last.i1;
      last.chg2 = region.i2 + region.chg2 - last.i2;
    } else {
      simplified.push(region);
    }
  }
  return simplified;
}
