/** Abbreviates a commit id to 12 hex digits: unambiguous in practice, short enough for one line. */
export function shortSha(sha: string): string {
  return sha.slice(0, 12);
}
