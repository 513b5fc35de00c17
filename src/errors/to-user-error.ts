import { UserError } from './specgate-error.js';

/** Environment faults by errno code: what happened, as the user would say it, and what to do. */
const FAULTS: Record<string, { code: UserError['code']; what: string; todo: string }> = {
  ENOSPC: {
    code: 'DISK_FULL',
    what: 'no space left on the device',
    todo: 'free some space there, or give --work-dir on another file system',
  },
  EDQUOT: {
    code: 'DISK_FULL',
    what: 'disk quota exceeded',
    todo: 'free some space there, or give --work-dir on another file system',
  },
  EACCES: {
    code: 'PERMISSION_DENIED',
    what: 'permission denied',
    todo: 'run as a user who may write there, or fix its permissions',
  },
  EPERM: {
    code: 'PERMISSION_DENIED',
    what: 'operation not permitted',
    todo: 'run as a user who may write there, or fix its permissions',
  },
  EROFS: {
    code: 'READ_ONLY',
    what: 'read-only file system',
    todo: 'run specgate where the repository and --work-dir are writable',
  },
  EMFILE: {
    code: 'TOO_MANY_FILES',
    what: 'too many open files',
    todo: 'raise the limit (ulimit -n) or lower -j',
  },
  ENFILE: {
    code: 'TOO_MANY_FILES',
    what: 'too many open files in the system',
    todo: 'raise the limit or lower -j',
  },
  EIO: { code: 'IO_ERROR', what: 'input/output error', todo: 'check the disk (dmesg)' },
};

/** What the object readers say of an object whose bytes are damaged (zlib, header, delta, tree, commit). */
const CORRUPT =
  /\bcorrupt\b|\bbad pack entry\b|incorrect header check|invalid (?:stored block|distance|code|block type)|unexpected end of file|hash mismatch/i;

/** System calls on files, whose error without a path is about the place being written. */
const FILE_CALLS =
  /^(?:open|read|write|close|fsync|fdatasync|ftruncate|mkdir|mkdtemp|rmdir|rename|unlink|link|symlink|copyfile|chmod|fchmod|utime|futime|scandir|stat|lstat|fstat|access)$/;

type Errno = NodeJS.ErrnoException & { dest?: string };

/**
 * Recognises an environment fault in anything thrown — a full disk, a path specgate may not write, a
 * read-only file system, too many open files, a damaged object in the repository — and returns it as a
 * `UserError` naming the place and what to do (exit status 2). The error, or any error in its `cause`
 * chain, may be the fault. Returns `undefined` for anything else (a bug: exit status 3).
 *
 * @param args.where the place to name when the fault does not carry its own path (a `write` on an open
 *   file does not): usually the repository's git directory.
 */
export function toUserError(error: unknown, args: { where?: string } = {}): UserError | undefined {
  if (error instanceof UserError) return error;
  for (
    let link: unknown = error, depth = 0;
    link instanceof Error && depth < 8;
    link = link.cause, depth += 1
  ) {
    const errno = link as Errno;
    const fault =
      typeof errno.code === 'string' && typeof errno.syscall === 'string' ? FAULTS[errno.code] : undefined;
    if (fault) {
      // The fallback place only for file system calls: an EPERM from `kill` is not about the repository.
      const place = errno.path ?? (FILE_CALLS.test(errno.syscall!) ? args.where : undefined);
      // In the repository, another --work-dir would not help.
      const todo =
        fault.code === 'DISK_FULL' && place !== undefined && /[\\/]\.git([\\/]|$)/.test(place)
          ? 'free some space on that file system'
          : fault.todo;
      const message = `${fault.what} (${errno.code}, ${errno.syscall})${place === undefined ? '' : `: ${place}`}`;
      return new UserError(fault.code, message, {
        suggestion: todo,
        data: { errno: errno.code, syscall: errno.syscall, path: place },
        cause: error,
      });
    }
  }
  const message = error instanceof Error ? error.message : '';
  if (error instanceof Error && CORRUPT.test(message)) {
    const oid = /\b[0-9a-f]{40}(?:[0-9a-f]{24})?\b/.exec(message)?.[0];
    return new UserError('CORRUPT_OBJECT', `the repository holds a damaged object: ${firstLine(message)}`, {
      suggestion: `run 'git fsck' to find and repair it${args.where === undefined ? '' : ` in ${args.where}`}`,
      data: { ...(oid !== undefined && { oid }) },
      cause: error,
    });
  }
  return undefined;
}

function firstLine(text: string): string {
  return text.split('\n')[0];
}
