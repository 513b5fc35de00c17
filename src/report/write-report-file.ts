import fs from 'node:fs';
import { UserError } from '../errors/specgate-error.js';
import { toUserError } from '../errors/to-user-error.js';

/**
 * Writes a report (`--<flag> given`) whole or not at all: into a temporary file renamed over `file`, so that
 * a full disk or a second Ctrl-C never leaves half a report for CI to read. A failure is a `UserError`
 * naming the flag and the file (exit 2).
 */
export function writeReportFile(args: { flag: string; file: string; given: string; content: string }): void {
  const { flag, file, given, content } = args;
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    fs.writeFileSync(temporary, content);
    fs.renameSync(temporary, file);
  } catch (error) {
    fs.rmSync(temporary, { force: true });
    const fault = toUserError(error, { where: file });
    if (fault)
      throw new UserError(fault.code, `--${flag}: cannot write ${given}: ${fault.message}`, {
        suggestion: fault.suggestion,
        data: fault.data,
      });
    throw new UserError(
      'BAD_USAGE',
      `--${flag}: cannot write ${given}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
}
