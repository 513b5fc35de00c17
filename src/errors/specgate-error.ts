/** Stable codes of the user errors specgate reports. */
export type UserErrorCode =
  | 'NOT_A_REPOSITORY'
  | 'UNKNOWN_REF'
  | 'BAD_CONFIG'
  | 'BAD_USAGE'
  | 'BAD_DEPENDS_ON'
  | 'WORK_DIR'
  | 'MOVED_TARGET'
  | 'BAD_PARTIAL'
  | 'BAD_NOTES'
  | 'DISK_FULL'
  | 'PERMISSION_DENIED'
  | 'READ_ONLY'
  | 'TOO_MANY_FILES'
  | 'IO_ERROR'
  | 'CORRUPT_OBJECT'
  | 'SHALLOW_BOUNDARY'
  | 'MISSING_OBJECT'
  | 'UNSUPPORTED_REPOSITORY'
  /** A `required` filter driver failed on a path while a state was checked out. */
  | 'CHECKOUT_FILTER'
  | 'MERGE_REFUSED'
  /** The user's index cannot be read: a broken structure, an unknown version or required extension. */
  | 'BAD_INDEX'
  /** A line of a git config file git does not parse: git dies on it, naming the file and line. */
  | 'BAD_GIT_CONFIG'
  /** A `packed-refs` line git does not parse: git dies on it. */
  | 'BAD_PACKED_REFS';

/**
 * A problem with the user's input or environment: a bad flag, config, ref or directory, a full disk, a
 * path specgate may not write. Reported as one line that names the culprit and what to do, with exit
 * status 2 and no stack trace.
 */
export class UserError extends Error {
  override readonly name = 'UserError';
  /** Stable machine-readable code. */
  readonly code: UserErrorCode;
  /** What the user can do about it, when there is something useful to say. */
  readonly suggestion?: string;
  /** Structured details for `--json` (the path, the object id, ...). */
  readonly data?: Record<string, unknown>;

  constructor(code: UserErrorCode, message: string, options: { suggestion?: string; data?: Record<string, unknown>; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.code = code;
    this.suggestion = options.suggestion;
    this.data = options.data;
  }
}

/**
 * specgate itself failed: an invariant broke, a case the code did not expect. Reported as one line and a
 * crash file holding the stack, with exit status 3. Anything thrown that is neither a `UserError` nor a
 * recognised environment fault is treated as one.
 */
export class InternalError extends Error {
  override readonly name = 'InternalError';
  readonly code = 'INTERNAL';
}

/** Raised when a run is interrupted (Ctrl-C, SIGTERM); the command exits 130 after cleaning up. */
export class InterruptedError extends Error {
  override readonly name = 'InterruptedError';
  /** The signal that interrupted the run (SIGINT, SIGTERM). */
  readonly signal: string;
  /** `message`: what the interruption left undone, when the command can say (default "interrupted by SIGINT"). */
  constructor(signal: string, message = `interrupted by ${signal}`) {
    super(message);
    this.signal = signal;
  }
}
