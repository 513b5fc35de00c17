import { EXIT } from '../errors/exit-status.js';
import { findGitDir } from '../errors/find-git-dir.js';
import { InternalError } from '../errors/specgate-error.js';
import { toUserError } from '../errors/to-user-error.js';
import { writeCrashFile } from '../errors/write-crash-file.js';
import { formatUserError } from './format-user-error.js';
import { messages } from './messages.js';

/**
 * The last resort for an error no command caught — one raised while oclif loads or finds the command
 * ("command x not found"), in a hook, or thrown asynchronously and never awaited — so that it too keeps
 * the exit-status contract: oclif's usage errors and environment faults one line and exit 2, anything
 * else a crash file and exit 3; never a stack trace, never exit 1. Returns the exit status to end with,
 * or `undefined` for oclif's own exit request, which oclif handles.
 */
export function reportEscapedError(
  error: unknown,
  args: { argv: string[]; stderr?: NodeJS.WritableStream },
): number | undefined {
  const stderr = args.stderr ?? process.stderr;
  const err = error as { code?: unknown; oclif?: { exit?: number }; message?: string };
  if (err?.code === 'EEXIT') return undefined;
  const where = findGitDir(process.cwd());
  const known = toUserError(error, { where });
  if (known) {
    stderr.write(formatUserError(known));
    return known.exitStatus;
  }
  if (err?.oclif?.exit !== undefined && typeof err.message === 'string') {
    const line = err.message
      .split('\n')
      .map((part) => part.trim())
      .filter(Boolean)
      .join(' ');
    stderr.write(formatUserError({ message: line, suggestion: messages.seeHelp(undefined) }));
    return EXIT.badInput;
  }
  const file = writeCrashFile({ error, argv: args.argv, gitdir: where });
  const bug = InternalError.of(error, file);
  stderr.write(`specgate: ${messages.internalError(bug.message, file)}\n`);
  return bug.exitStatus;
}
