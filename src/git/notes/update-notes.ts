import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { GitContext } from '../git-context.js';
import { encodeTree } from '../merge-engine/encode-tree.js';
import { MODE, type Tree } from '../merge-engine/merge-types.js';
import { writeCommit } from '../object-database/write-commit.js';
import { writeObject } from '../object-database/write-object.js';
import { specgateSignature } from '../object-database/signature.js';
import { updateRefIf } from '../refs/update-ref-if.js';
import { readNotes, type NotesSnapshot } from './read-notes.js';

const OID = /^[0-9a-f]{40}$/i;
const MAX_ATTEMPTS = 100;
const MAX_MILLISECONDS = 10_000;
/** Up to this many notes the tree is flat; beyond it, one level of fanout (`ab/<38 hex>`), as git would. */
const FLAT_LIMIT = 256;

/**
 * Adds, replaces and removes notes of the notes ref `ref` (e.g. `refs/notes/specgate`) with one new notes
 * commit, safely against concurrent writers (other specgate processes, or git itself).
 *
 * Each attempt reads a fresh snapshot of the ref and calls `edit` with it; `edit` returns, per annotated
 * object id, the note's new full text (UTF-8), or null to remove its note. An empty map writes nothing.
 * Edits that change nothing (the same text, or removing an absent note) write nothing either, unless
 * `replace` is set. Otherwise the new blobs, the notes tree (flat up to 256 notes, else fanned out one
 * level as `ab/<38 hex>`) and a commit (parent: the snapshot's commit; author and committer
 * `specgateSignature(now())`; `message`) are written, and the ref is moved by compare-and-swap from the
 * snapshot's commit. When another writer moved the ref in between, the attempt starts again from a new
 * snapshot, calling `edit` again, so no writer loses another's notes; when the ref is locked, it waits
 * 10–60 ms first. `replace` builds the tree from the edits alone, with a commit without parent (to clear
 * the notes and their history). Non-note entries of the old tree are not carried over.
 *
 * Returns the ref's commit afterwards and whether this call moved it. Throws an Error naming the ref after
 * 100 lost attempts or 10 s, and throws (without retrying) when `edit` throws or returns a key that is not
 * an object id.
 */
export async function updateNotes(
  ctx: GitContext,
  args: {
    ref: string;
    message: string;
    edit: (current: NotesSnapshot) => Promise<Map<string, string | null>> | Map<string, string | null>;
    replace?: boolean;
    /** Seconds since the epoch for the commit (default: now). */
    now?: () => number;
  },
): Promise<{ commit: string | undefined; changed: boolean }> {
  const { ref, message, replace = false } = args;
  const now = args.now ?? (() => Math.floor(Date.now() / 1000));
  const commonDir = path.dirname(ctx.objectsDir);
  const started = Date.now();
  for (let attempt = 1; ; attempt++) {
    const snapshot = await readNotes(ctx, { ref });
    // `edit` gets the snapshot itself; the copy guards the comparison below against it editing the map.
    const before = new Map(snapshot.notes);
    const edits = await args.edit(snapshot);
    if (edits.size === 0) return { commit: snapshot.commit, changed: false };
    const notes = replace ? new Map<string, string>() : new Map(before);
    for (const [object, text] of edits) {
      if (!OID.test(object))
        throw new Error(`updateNotes(${ref}): not an object id: ${JSON.stringify(object)}`);
      const key = object.toLowerCase();
      if (text === null) notes.delete(key);
      else notes.set(key, writeObject(ctx, 'blob', Buffer.from(text, 'utf8')));
    }
    if (!replace && sameNotes(before, notes)) return { commit: snapshot.commit, changed: false };
    const seconds = now();
    const signature = specgateSignature(seconds);
    const commit = writeCommit(ctx, {
      tree: writeNotesTree(ctx, notes),
      parents: !replace && snapshot.commit ? [snapshot.commit] : [],
      author: signature,
      committer: signature,
      message,
    });
    const update = updateRefIf({
      fs: ctx.fs,
      gitdir: commonDir,
      ref,
      expected: snapshot.commit,
      value: commit,
      message,
      now: seconds,
    });
    if (update.updated) return { commit, changed: true };
    if (attempt >= MAX_ATTEMPTS || Date.now() - started >= MAX_MILLISECONDS) {
      throw new Error(
        `could not update ${ref}: gave up after ${attempt} attempts in ${Date.now() - started} ms (last: ${update.message})`,
      );
    }
    // A lost race is retried at once: the winner has already finished. A lock is still held by its writer.
    if (update.reason === 'locked') await sleep(10 + Math.floor(Math.random() * 51));
  }
}

function sameNotes(a: Map<string, string>, b: Map<string, string>): boolean {
  if (a.size !== b.size) return false;
  for (const [object, blob] of a) if (b.get(object) !== blob) return false;
  return true;
}

/**
 * Writes the notes tree and returns its id. An unchanged fanout subtree is usually not written again: it
 * encodes to the bytes just read for the snapshot, which `writeObject` then finds in the run's object memo.
 */
function writeNotesTree(ctx: GitContext, notes: Map<string, string>): string {
  if (notes.size <= FLAT_LIMIT) {
    const flat: Tree = new Map();
    for (const [object, blob] of notes) flat.set(object, { mode: MODE.file, oid: blob });
    return writeObject(ctx, 'tree', encodeTree(flat));
  }
  const buckets = new Map<string, Tree>();
  for (const [object, blob] of notes) {
    const prefix = object.slice(0, 2);
    let bucket = buckets.get(prefix);
    if (!bucket) buckets.set(prefix, (bucket = new Map()));
    bucket.set(object.slice(2), { mode: MODE.file, oid: blob });
  }
  const root: Tree = new Map();
  for (const [prefix, bucket] of buckets)
    root.set(prefix, { mode: MODE.tree, oid: writeObject(ctx, 'tree', encodeTree(bucket)) });
  return writeObject(ctx, 'tree', encodeTree(root));
}
