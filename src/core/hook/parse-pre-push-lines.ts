/** One ref that `git push` is about to update, as git describes it to a pre-push hook. */
export interface PushedRef {
  /** The local ref pushed (`refs/heads/feature-a`, `HEAD`, or whatever the refspec named), or `(delete)`. */
  localRef: string;
  localSha: string;
  /** The ref on the remote that the push updates (`refs/heads/feature-a`). */
  remoteRef: string;
  remoteSha: string;
  /** The push deletes `remoteRef` (the local sha is all zeros). */
  deletion: boolean;
  /** `remoteRef` does not exist on the remote yet (the remote sha is all zeros). */
  creation: boolean;
}

/** What a pre-push hook's standard input says: the refs pushed, and any line that is not of git's form. */
export interface ParsedPrePushLines {
  refs: PushedRef[];
  malformed: string[];
}

const OBJECT_ID = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/;
const ZERO = /^0+$/;

/**
 * Parses the standard input git gives a pre-push hook: one line `<local ref> <local sha> <remote ref>
 * <remote sha>` per pushed ref, in order (githooks(5)). Blank lines are ignored; a line that does not have
 * four fields with object ids (SHA-1 or SHA-256) where git puts them is returned in `malformed`, not
 * guessed at.
 */
export function parsePrePushLines(text: string): ParsedPrePushLines {
  const refs: PushedRef[] = [];
  const malformed: string[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '') continue;
    const fields = line.split(/\s+/);
    const [localRef, localSha, remoteRef, remoteSha] = fields;
    if (fields.length !== 4 || !OBJECT_ID.test(localSha) || !OBJECT_ID.test(remoteSha)) {
      malformed.push(line);
      continue;
    }
    refs.push({
      localRef,
      localSha,
      remoteRef,
      remoteSha,
      deletion: ZERO.test(localSha),
      creation: ZERO.test(remoteSha),
    });
  }
  return { refs, malformed };
}
