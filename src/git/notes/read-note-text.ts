import type { GitContext } from '../git-context.js';
import { readObject } from '../object-database/read-object.js';

/**
 * The text of one note: the blob `blobOid` (a value of `NotesSnapshot.notes`) decoded as UTF-8, exactly as
 * `git notes show` prints it (git's own notes end with a newline; specgate's are stored as given). Throws
 * when the object is missing or is not a blob.
 */
export async function readNoteText(ctx: GitContext, blobOid: string): Promise<string> {
  const object = await readObject(ctx, blobOid);
  if (object.type !== 'blob') throw new Error(`note ${blobOid} is a ${object.type}, not a blob`);
  return object.content.toString('utf8');
}
