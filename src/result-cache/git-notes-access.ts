import type { GitContext } from '../git/git-context.js';
import { readNoteText } from '../git/notes/read-note-text.js';
import { readNotes } from '../git/notes/read-notes.js';
import { updateNotes } from '../git/notes/update-notes.js';
import { removeReflog } from '../git/refs/remove-reflog.js';
import type { NotesAccess } from './notes-access.js';

/** The git notes of the repository `ctx`, on specgate's own notes plumbing (`src/git/notes/`). */
export function gitNotesAccess(ctx: GitContext): NotesAccess {
  return {
    read: (ref) => readNotes(ctx, { ref }),
    readText: (blob) => readNoteText(ctx, blob),
    update: (ref, args) => updateNotes(ctx, { ref, ...args }),
    removeReflog: (ref) => removeReflog(ctx, ref),
  };
}
