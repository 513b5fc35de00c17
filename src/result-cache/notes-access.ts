import type { NotesSnapshot } from '../git/notes/read-notes.js';

/**
 * The git notes of one repository, as the result cache uses them: the composition root binds them to the
 * repository (`src/git/notes/`), tests pass an in-memory one.
 */
export interface NotesAccess {
  /** Every note under `ref`: annotated object → note blob, with the commit it was read at. */
  read(ref: string): Promise<NotesSnapshot>;
  /** The text of a note blob. */
  readText(blob: string): Promise<string>;
  /**
   * Edits the notes under `ref` by compare-and-swap, retrying on a lost race: `edit` returns the new
   * text of each note it changes (null removes it); `replace` starts from an empty notes tree.
   */
  update(
    ref: string,
    args: {
      message: string;
      replace?: boolean;
      edit: (current: NotesSnapshot) => Promise<Map<string, string | null>>;
    },
  ): Promise<unknown>;
  /** Removes a ref's reflog (so that `git gc` can drop what only it kept). */
  removeReflog(ref: string): void;
}
