import { readObject } from '../object-database/read-object.js';
import { mergeFileContents } from './xdiff/merge-file-contents.js';
import type { ConflictMarkers } from './xdiff/fill-merge-buffer.js';
import { hashObject } from './hash-object.js';
import { MODE, type MergeState, type TreeEntry } from './merge-types.js';

const NULL_OID = '0'.repeat(40);
const EMPTY = new Uint8Array(0);

/**
 * Merges the file (or symlink, or submodule) that both sides changed, as merge-ort's
 * `handle_content_merge` does. `ours` and `theirs` have the same type; `base` is the base's file at the
 * path, if any (of any type). Returns the merged entry, or the entry plus the reason it conflicts:
 *
 * - modes: a side that kept the base mode takes the other's; two different changes are a "mode" conflict;
 * - ids: a side that kept the base content takes the other's;
 * - otherwise regular files are merged line by line ("content", "add/add" without a base file, or
 *   "binary"), and two different symlink targets or submodule commits conflict ("symlink", "submodule").
 *   Git could fast-forward a submodule whose repository is checked out; specgate never can, and reports
 *   the conflict.
 *
 * In a merge of merge bases (`state.depth` > 0) git resolves every such conflict, and so does this: a
 * content conflict is written with conflict markers (7 + 2 × depth long, labelled "Temporary merge
 * branch 1" and "2", each followed by `:path` on a followed rename, as merge_3way does), binary files, symlinks and submodules take the base's version, and a mode conflict
 * keeps ours' mode. The one "reason" left there means specgate cannot write what git would.
 */
export async function mergeFileEntries(args: {
  state: MergeState;
  /** Where the result goes (a followed rename's target, whose paths go into conflict labels). */
  path: string;
  base: TreeEntry | undefined;
  ours: TreeEntry;
  theirs: TreeEntry;
}): Promise<{ entry: TreeEntry | undefined; reason?: string }> {
  const { state, ours: a, theirs: b } = args;
  const depth = state.depth ?? 0;
  const baseMode = args.base?.mode ?? 0;
  const baseOid = args.base?.oid ?? NULL_OID;
  let reason: string | undefined;

  let mode = b.mode;
  if (a.mode !== b.mode && a.mode !== baseMode) {
    mode = a.mode;
    // Git keeps ours' mode in a merge of merge bases, and carries on.
    if (b.mode !== baseMode && depth === 0) reason = 'mode';
  }

  // A base of another type (or none) makes this a two-way merge against nothing.
  const twoWay = (baseMode & 0o170000) !== (a.mode & 0o170000);
  let oid: string;
  if (a.oid === b.oid || a.oid === baseOid) oid = b.oid;
  else if (b.oid === baseOid) oid = a.oid;
  else if (a.mode === MODE.gitlink || a.mode === MODE.symlink) {
    // A merge of merge bases takes the base's version. (For two submodule commits git could find a
    // merge in a checked-out submodule; specgate never looks, and takes the base as git does without one.)
    if (depth > 0) return { entry: a.mode === MODE.gitlink && !twoWay ? { mode, oid: baseOid } : args.base };
    return { entry: { mode, oid: a.oid }, reason: a.mode === MODE.gitlink ? 'submodule' : 'symlink' };
  } else {
    // merge_3way: the labels name the paths too when the versions came from different paths (a rename).
    const paths = state.renamePaths?.get(args.path);
    const label = (n: 1 | 2) => `Temporary merge branch ${n}${paths ? `:${paths[n]}` : ''}`;
    const markers = depth > 0 ? { size: 7 + 2 * depth, ours: label(1), theirs: label(2) } : undefined;
    const merged = await mergeBlobs(state, twoWay ? undefined : baseOid, a.oid, b.oid, markers);
    if (merged.clean) {
      oid = merged.oid;
      state.objects.set(oid, { type: 'blob', content: merged.content });
    } else if (depth === 0) {
      return {
        entry: { mode, oid: a.oid },
        reason: args.base ? merged.reason : merged.reason === 'binary' ? 'binary' : 'add/add',
      };
    } else if (merged.reason === 'binary') {
      // ll_binary_merge in a merge of merge bases: the base's bytes (none for a two-way merge).
      oid = twoWay ? EMPTY_BLOB_OID : baseOid;
      if (twoWay) state.objects.set(oid, { type: 'blob', content: EMPTY });
    } else if (merged.content) {
      oid = merged.oid!;
      state.objects.set(oid, { type: 'blob', content: merged.content });
    } else {
      // No bytes: xdiff failed, and git would abort.
      return { entry: { mode, oid: a.oid }, reason: 'content' };
    }
  }
  return { entry: { mode, oid }, reason };
}

const EMPTY_BLOB_OID = 'e69de29bb2d1d6434b8b29ae775ad8c2e48c5391';

type BlobMerge =
  | { clean: true; oid: string; content: Uint8Array }
  | { clean: false; reason: string; oid?: string; content?: Uint8Array };

function mergeBlobs(
  state: MergeState,
  base: string | undefined,
  ours: string,
  theirs: string,
  markers?: ConflictMarkers,
): Promise<BlobMerge> {
  const key = `${base ?? ''}:${ours}:${theirs}:${markers ? `${markers.size}:${markers.ours}\0${markers.theirs}` : ''}`;
  let merge = state.contentMerges.get(key);
  if (!merge) {
    merge = (async (): Promise<BlobMerge> => {
      const [baseContent, oursContent, theirsContent] = await Promise.all(
        [base, ours, theirs].map((oid) => (oid === undefined ? EMPTY : readBlob(state, oid))),
      );
      const result = mergeFileContents({
        base: baseContent,
        ours: oursContent,
        theirs: theirsContent,
        markers,
      });
      if (result.clean) return { ...result, oid: hashObject('blob', result.content) };
      return result.content ? { ...result, oid: hashObject('blob', result.content) } : result;
    })();
    state.contentMerges.set(key, merge);
  }
  return merge;
}

async function readBlob(state: MergeState, oid: string): Promise<Uint8Array> {
  const { content: blob } = await readObject(state.ctx, oid);
  return blob;
}
