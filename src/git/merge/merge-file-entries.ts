import { readObject } from '../objects/read-object.js';
import { mergeFileContents } from '../merge-file-contents.js';
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
 */
export async function mergeFileEntries(args: {
  state: MergeState;
  base: TreeEntry | undefined;
  ours: TreeEntry;
  theirs: TreeEntry;
}): Promise<{ entry: TreeEntry; reason?: string }> {
  const { state, ours: a, theirs: b } = args;
  const baseMode = args.base?.mode ?? 0;
  const baseOid = args.base?.oid ?? NULL_OID;
  let reason: string | undefined;

  let mode = b.mode;
  if (a.mode !== b.mode && a.mode !== baseMode) {
    mode = a.mode;
    if (b.mode !== baseMode) reason = 'mode';
  }

  let oid: string;
  if (a.oid === b.oid || a.oid === baseOid) oid = b.oid;
  else if (b.oid === baseOid) oid = a.oid;
  else if (a.mode === MODE.gitlink) return { entry: { mode, oid: a.oid }, reason: 'submodule' };
  else if (a.mode === MODE.symlink) return { entry: { mode, oid: a.oid }, reason: 'symlink' };
  else {
    // A base of another type (or none) makes this a two-way merge against an empty file.
    const twoWay = (baseMode & 0o170000) !== (a.mode & 0o170000);
    const merged = await mergeBlobs(state, twoWay ? undefined : baseOid, a.oid, b.oid);
    if (!merged.clean) return { entry: { mode, oid: a.oid }, reason: args.base ? merged.reason : merged.reason === 'binary' ? 'binary' : 'add/add' };
    oid = merged.oid;
    state.objects.set(oid, { type: 'blob', content: merged.content });
  }
  return { entry: { mode, oid }, reason };
}

function mergeBlobs(state: MergeState, base: string | undefined, ours: string, theirs: string) {
  const key = `${base ?? ''}:${ours}:${theirs}`;
  let merge = state.contentMerges.get(key);
  if (!merge) {
    merge = (async () => {
      const [baseContent, oursContent, theirsContent] = await Promise.all(
        [base, ours, theirs].map((oid) => (oid === undefined ? EMPTY : readBlob(state, oid))),
      );
      const result = mergeFileContents({ base: baseContent, ours: oursContent, theirs: theirsContent });
      return result.clean ? { ...result, oid: hashObject('blob', result.content) } : result;
    })();
    state.contentMerges.set(key, merge);
  }
  return merge;
}

async function readBlob(state: MergeState, oid: string): Promise<Uint8Array> {
  const { content: blob } = await readObject(state.ctx, oid);
  return blob;
}
