import type { NotesSnapshot } from '../git/notes/read-notes.js';
import type { NoteStore } from './create-result-cache.js';
import type { NotesAccess } from './notes-access.js';
import { RESULTS_REF } from './results-ref.js';

/** A note store on {@link RESULTS_REF} of the repository whose notes `notes` are. */
export function gitNoteStore(notes: NotesAccess): NoteStore {
  let snapshot: Promise<NotesSnapshot> | undefined;
  return {
    async read(tree) {
      snapshot ??= notes.read(RESULTS_REF);
      const blob = (await snapshot).notes.get(tree);
      return blob === undefined ? undefined : notes.readText(blob);
    },
    async write(edits) {
      await notes.update(RESULTS_REF, {
        message: `Notes added by 'specgate': ${edits.size} tree${edits.size === 1 ? '' : 's'}`,
        edit: async (current) => {
          const texts = new Map<string, string | null>();
          for (const [tree, edit] of edits) {
            const blob = current.notes.get(tree);
            texts.set(tree, edit(blob === undefined ? undefined : await notes.readText(blob)));
          }
          return texts;
        },
      });
    },
  };
}
