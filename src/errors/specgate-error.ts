/** Stable codes of the user errors specgate reports. */
export type UserErrorCode =
  | 'NOT_A_REPOSITORY'
  | 'UNKNOWN_REF'
  | 'BAD_CONFIG'
  | 'BAD_USAGE'
  | 'WORK_DIR'
  | 'MOVED_TARGET'
  | 'BAD_PARTIAL'
  | 'BAD_NOTES'
  | 'SHALLOW_BOUNDARY'
  | 'MISSING_OBJECT'
  | 'UNSUPPORTED_REPOSITORY'
  /** A `required` filter driver failed on a path while a state was checked out. */
  | 'CHECKOUT_FILTER'
  | 'MERGE_REFUSED';

/**
 * A problem with the user's input: a bad flag, config, ref or directory. Reported as one line that names
 * the culprit, with exit status 2 and no stack trace.
 */
export class UserError extends Error {
  override readonly name = 'UserError';
  /** Stable machine-readable code. */
  readonly code: UserErrorCode;
  /** What the user can do about it, when there is something useful to say. */
  readonly suggestion?: string;

  constructor(code: UserErrorCode, message: string, options: { suggestion?: string; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.code = code;
    this.suggestion = options.suggestion;
  }
}

/** Raised when a run is interrupted (Ctrl-C, SIGTERM); the command exits 130 after cleaning up. */
export class InterruptedError extends Error {
  override readonly name = 'InterruptedError';
  constructor(signal: string) {
    super(`interrupted by ${signal}`);
  }
}
