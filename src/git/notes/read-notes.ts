import path from 'node:path';
import type { GitContext } from '../git-context.js';
import { parseCommit } from '../object-database/parse-commit.js';
import { parseTree } from '../object-database/parse-tree.js';
import { readObject } from '../object-database/read-object.js';
import { readRefNow } from '../refs/read-ref-now.js';

/** The notes of one notes ref at one moment. */
export interface NotesSnapshot {
  /** The commit the ref held when read; undefined when the ref does not exist. */
  commit: string | undefined;
  /** Annotated object id (40 lowercase hex digits) → id of the blob holding its note. */
  notes: Map<string, string>;
}

const HEX = /^[0-9a-fA-F]+$/;
const TYPE_MASK = 0o170000;
const REGULAR = 0o100000;
const DIRECTORY = 0o040000;

/**
 * Reads every note of the notes ref `ref` (e.g. `refs/notes/specgate`), taking the ref fresh from disk (loose
 * or packed) and reading its tree directly from the object database. Understands every layout git reads:
 * flat `<40 hex>` names, fanout directories `ab/<38 hex>`, `ab/cd/<36 hex>` and deeper, and any mix of
 * them; entries git would not take for notes (other names, a note path that is not a regular file, a
 * fanout name that is not a directory) are ignored, as `git notes list` ignores them. Returns an empty map
 * and no commit when the ref does not exist. Throws when the ref points at something other than a commit
 * or an object is missing.
 */
export async function readNotes(ctx: GitContext, args: { ref: string }): Promise<NotesSnapshot> {
  const commit = readRefNow({ fs: ctx.fs, commonDir: path.dirname(ctx.objectsDir), ref: args.ref });
  // A symbolic or corrupt ref could never be updated by compare-and-swap either: say which it is.
  if (commit !== undefined && !/^[0-9a-f]{40}$/.test(commit)) {
    throw new Error(`${args.ref} does not hold an object id: ${JSON.stringify(commit.slice(0, 80))}`);
  }
  const notes = new Map<string, string>();
  if (commit === undefined) return { commit, notes };
  const object = await readObject(ctx, commit);
  if (object.type !== 'commit')
    throw new Error(`${args.ref} points at a ${object.type} (${commit}), not a commit`);
  await collectNotes(ctx, parseCommit(object.content).tree, '', notes);
  return { commit, notes };
}

/** Adds the notes of the (sub)tree `tree`, whose entries' names continue the hex prefix `prefix`. */
async function collectNotes(
  ctx: GitContext,
  tree: string,
  prefix: string,
  notes: Map<string, string>,
): Promise<void> {
  const object = await readObject(ctx, tree);
  if (object.type !== 'tree') throw new Error(`notes tree ${tree} is a ${object.type}, not a tree`);
  const subtrees: Promise<void>[] = [];
  // latin1: names that are not notes may hold any bytes, and must not be mistaken for hex.
  for (const entry of parseTree(object.content, { encoding: 'latin1' })) {
    if (!HEX.test(entry.path)) continue;
    const type = parseInt(entry.mode, 8) & TYPE_MASK;
    // git's rule (notes.c, load_subtree): a name completing the id is a note only if it is a regular file,
    // and only then is a two-digit name a fanout directory.
    if (prefix.length + entry.path.length === 40) {
      if (type === REGULAR) notes.set(`${prefix}${entry.path}`.toLowerCase(), entry.oid);
    } else if (entry.path.length === 2 && type === DIRECTORY) {
      subtrees.push(collectNotes(ctx, entry.oid, `${prefix}${entry.path}`, notes));
    }
  }
  await Promise.all(subtrees);
}
