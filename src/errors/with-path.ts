/**
 * Gives a system error that does not name its file (a `write` on an open file, for one) the place it
 * happened, so that the one-line report can say where the disk is full or the permission missing.
 * Returns `error` itself, which is rethrown by the caller; anything that is not such an error is left as is.
 */
export function withPath(error: unknown, place: string): unknown {
  const errno = error as NodeJS.ErrnoException;
  if (error instanceof Error && typeof errno.syscall === 'string' && errno.path === undefined)
    errno.path = place;
  return error;
}
