// Must match git byte for byte: git's default merge driver, xdiff's xdl_merge (xdiff/xmerge.c).
import { diffRecords } from './diff-records.js';
import { fillMergeBuffer, type ConflictMarkers } from './fill-merge-buffer.js';
import { isBinaryContent } from '../is-binary-content.js';
import { mergeHunks } from './merge-hunks.js';
import { refineConflicts } from './refine-conflicts.js';
import { sameLines } from './same-lines.js';
import { splitRecords } from './split-records.js';

/** Largest file git's xdiff will merge (MAX_XDIFF_SIZE); larger files are handled as binary. */
const MAX_XDIFF_SIZE = 1024 * 1024 * 1023;

/**
 * The outcome of a line-wise merge: the merged bytes, or why there is no clean merge (with, for a
 * "content" conflict when markers were asked for, the bytes git writes: the merge with conflict markers).
 */
export type MergeFileContentsResult =
  { clean: true; content: Uint8Array } | { clean: false; reason: 'content' | 'binary'; content?: Uint8Array };

/**
 * Three-way, line-wise merge of one file, byte for byte what git's merge-ort gets from `ll_merge` with
 * the default driver (xdiff, `XDL_MERGE_ZEALOUS`, histogram diff, default conflict style):
 *
 * - a file with a NUL byte in its first 8000 bytes (any of the three) is binary: a conflict;
 * - a side that did not change the file yields the other side unchanged;
 * - non-overlapping, non-adjacent changes of the two sides are both applied; identical changes are clean;
 *   overlapping or adjacent changes that are not identical are a conflict;
 * - lines keep their terminators, so a lost final newline is a change to the last line.
 *
 * Pass an empty `base` for a two-way merge (add/add). With `markers`, a content conflict also returns
 * the file git writes for it (xdiff's zealous refinement, then the markers of the default style), as
 * merge-ort records in the virtual merge base of a criss-cross merge. Pure: no I/O.
 */
export function mergeFileContents(args: {
  base: Uint8Array;
  ours: Uint8Array;
  theirs: Uint8Array;
  markers?: ConflictMarkers;
}): MergeFileContentsResult {
  const { base, ours, theirs, markers } = args;
  const files = [base, ours, theirs];
  if (files.some((file) => file.length > MAX_XDIFF_SIZE || isBinaryContent(file)))
    return { clean: false, reason: 'binary' };

  const [baseRecords, oursRecords, theirsRecords] = files.map(splitRecords);
  const oursScript = diffRecords(baseRecords, oursRecords);
  const theirsScript = diffRecords(baseRecords, theirsRecords);
  // xdiff failing makes git abort the merge of this file; the closest honest answer is a conflict.
  if (!oursScript || !theirsScript) return { clean: false, reason: 'content' };
  if (oursScript.length === 0) return { clean: true, content: theirs };
  if (theirsScript.length === 0) return { clean: true, content: ours };

  const regions = mergeHunks({
    ours: oursScript,
    theirs: theirsScript,
    oursRecords,
    theirsRecords,
    baseCount: baseRecords.length,
  });
  if (markers && regions.some((region) => region.mode === 0)) {
    const refined = refineConflicts(regions, oursRecords, theirsRecords);
    if (!refined) return { clean: false, reason: 'content' };
    if (refined.some((region) => region.mode === 0)) {
      return {
        clean: false,
        reason: 'content',
        content: fillMergeBuffer({ regions: refined, baseRecords, oursRecords, theirsRecords, markers }),
      };
    }
  }
  const pieces: Uint8Array[] = [];
  let next = 0;
  for (const region of regions) {
    if (region.mode === 0) {
      // xdiff's refinement clears a conflict only when both sides wrote the very same lines; it leaves
      // alone any conflict where one side is empty.
      const identical =
        region.chg1 > 0 &&
        region.chg1 === region.chg2 &&
        sameLines(oursRecords, region.i1, theirsRecords, region.i2, region.chg1);
      if (!identical) return { clean: false, reason: 'content' };
      continue;
    }
    // The output is ours with theirs' hunks spliced in, exactly as xdl_fill_merge_buffer builds it.
    if (region.mode !== 2) continue;
    pieces.push(
      ...oursRecords.slice(next, region.i1),
      ...theirsRecords.slice(region.i2, region.i2 + region.chg2),
    );
    next = region.i1 + region.chg1;
  }
  pieces.push(...oursRecords.slice(next));
  return { clean: true, content: Buffer.concat(pieces) };
}
