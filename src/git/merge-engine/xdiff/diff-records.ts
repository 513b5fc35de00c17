// Must match git byte for byte: a port of xdl_do_diff as git's merge calls it (xdiff/xdiffi.c).
import { buildScript } from './build-script.js';
import { classifyRecords } from './classify-records.js';
import type { Hunk } from './diff-types.js';
import { compactChanges } from './compact-changes.js';
import { histogramDiff } from './histogram-diff.js';

/**
 * The edit script from `from` to `to` exactly as git's merge machinery computes it (xdl_do_diff with
 * the histogram algorithm, then xdl_change_compact on both files, then xdl_build_script), or undefined
 * where xdiff itself would fail.
 */
export function diffRecords(from: Uint8Array[], to: Uint8Array[]): Hunk[] | undefined {
  const [ha1, ha2] = classifyRecords([from, to]);
  const pair = { ha1, ha2, rchg1: new Uint8Array(from.length + 2), rchg2: new Uint8Array(to.length + 2) };
  if (!histogramDiff(pair)) return undefined;
  compactChanges({ rchg: pair.rchg1, ha: ha1, rchgOther: pair.rchg2, nOther: to.length });
  compactChanges({ rchg: pair.rchg2, ha: ha2, rchgOther: pair.rchg1, nOther: from.length });
  return buildScript(pair.rchg1, from.length, pair.rchg2, to.length);
}
