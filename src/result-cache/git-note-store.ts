import type { GitContext } from '../git/git-context.js';
import { readNoteText } from '../git/notes/read-note-text.js';
import { readNotes, type NotesSnapshot } from '../git/notes/read-notes.js';
import { updateNotes } from '../git/notes/update-notes.js';
import type { NoteStore } from './create-result-cache.js';
import { RESULTS_REF } from './results-ref.js';

/** A note store on {@link RESULTS_REF}. */
export function gitNoteStore(ctx: GitContext): NoteStore {
  let snapshot: Promise<NotesSnapshot> | undefined;
  return {
    async read(tree) {
      snapshot ??= readNotes(ctx, { ref: RESULTS_REF });
      const blob = (await snapshot).notes.get(tree);
      return blob === undefined ? undefined : readNoteText(ctx, blob);
    },
    async write(edits) {
      await updateNotes(ctx, {
        ref: RESULTS_REF,
        message: `Notes added by 'specgate': ${edits.size} tree${edits.size === 1 ? '' : 's'}`,
        edit: async (current) => {
          const texts = new Map<string, string | null>();
          for (const [tree, edit] of edits) {
            const blob = current.notes.get(tree);
            texts.set(tree, edit(blob === undefined ? undefined : await readNoteText(ctx, blob)));
          }
          return texts;
        },
      });
    },
  };
}
