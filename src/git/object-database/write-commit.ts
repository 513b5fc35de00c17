import type { GitContext } from '../git-context.js';
import { serializeCommit, type NewCommit } from './serialize-commit.js';
import { writeObject } from './write-object.js';

/** Writes a commit object (see {@link serializeCommit}) and returns its id. */
export function writeCommit(ctx: GitContext, commit: NewCommit): string {
  return writeObject(ctx, 'commit', serializeCommit(commit));
}
