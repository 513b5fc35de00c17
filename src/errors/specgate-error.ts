import { EXIT, type ExitStatus } from './exit-status.js';

/** Stable codes of the user errors specgate reports. */
export type UserErrorCode =
  | 'NOT_A_REPOSITORY'
  | 'UNKNOWN_REF'
  | 'BAD_CONFIG'
  | 'BAD_USAGE'
  | 'BAD_DEPENDS_ON'
  | 'WORK_DIR'
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

/** Every code an error of specgate may carry: a user error's, a bug's, an interruption's. */
export type ErrorCode = UserErrorCode | 'INTERNAL' | 'INTERRUPTED';

/** An error as `--json` prints it: `{"error": ErrorJson}` on stdout (DESIGN.md, "Command-line contract"). */
export interface ErrorJson {
  code: ErrorCode;
  message: string;
  suggestion?: string;
  data?: Record<string, unknown>;
}

/** What an error of specgate may carry beside its message. */
export interface ErrorDetails {
  /** What the user can do about it, when there is something useful to say. */
  suggestion?: string;
  /** Structured details for `--json` (the path, the object id, ...). */
  data?: Record<string, unknown>;
  cause?: unknown;
}

/**
 * The contract every error specgate reports keeps: a stable `code`, the exit status it ends the run with,
 * a suggestion of what to do and structured `data`, and `toJSON()` giving the `--json` form. Its
 * subclasses say which kind it is: the user's (`UserError`, 2), specgate's own (`InternalError`, 3), an
 * interruption (`InterruptedError`, 130).
 */
export abstract class SpecgateError extends Error {
  /** Stable machine-readable code. */
  abstract readonly code: ErrorCode;
  /** The exit status a run that ends with this error has. */
  abstract readonly exitStatus: ExitStatus;
  /** What the user can do about it, when there is something useful to say. */
  readonly suggestion?: string;
  /** Structured details for `--json` (the path, the object id, ...). */
  readonly data?: Record<string, unknown>;

  constructor(message: string, details: ErrorDetails = {}) {
    super(message, { cause: details.cause });
    this.suggestion = details.suggestion;
    this.data = details.data;
  }

  /** The `--json` form: code and message, and the suggestion and data when there are any. */
  toJSON(): ErrorJson {
    return {
      code: this.code,
      message: this.message,
      ...(this.suggestion !== undefined && { suggestion: this.suggestion }),
      ...(this.data !== undefined && { data: this.data }),
    };
  }
}

/**
 * A problem with the user's input or environment: a bad flag, config, ref or directory, a full disk, a
 * path specgate may not write. Reported as one line that names the culprit and what to do, with exit
 * status 2 and no stack trace.
 */
export class UserError extends SpecgateError {
  override readonly name: string = 'UserError';
  readonly code: UserErrorCode;
  readonly exitStatus = EXIT.badInput;

  constructor(code: UserErrorCode, message: string, details: ErrorDetails = {}) {
    super(message, details);
    this.code = code;
  }
}

/**
 * specgate itself failed: an invariant broke, a case the code did not expect. Reported as one line and a
 * crash file holding the stack, with exit status 3. Anything thrown that is neither a `UserError` nor a
 * recognised environment fault is reported as one (`InternalError.of`), never as exit status 1, which
 * means "rejected".
 */
export class InternalError extends SpecgateError {
  override readonly name = 'InternalError';
  readonly code = 'INTERNAL';
  readonly exitStatus = EXIT.internal;

  /**
   * The bug `error` is, as one: its first line (else its name) as the message, the original as `cause`,
   * and the crash file that holds its stack, if one could be written, as `data.crashFile`.
   */
  static of(error: unknown, crashFile?: string): InternalError {
    if (error instanceof InternalError && crashFile === undefined) return error;
    const text = error instanceof Error ? error.message || error.name : String(error);
    const data = crashFile === undefined ? undefined : { crashFile };
    return new InternalError(text.split('\n')[0], { cause: error, data });
  }
}

/** Raised when a run is interrupted (Ctrl-C, SIGTERM); the command exits 130 after cleaning up. */
export class InterruptedError extends SpecgateError {
  override readonly name = 'InterruptedError';
  readonly code = 'INTERRUPTED';
  readonly exitStatus = EXIT.interrupted;
  /** The signal that interrupted the run (SIGINT, SIGTERM). */
  readonly signal: string;
  /** `message`: what the interruption left undone, when the command can say (default "interrupted by SIGINT"). */
  constructor(signal: string, message = `interrupted by ${signal}`) {
    super(message);
    this.signal = signal;
  }
}
