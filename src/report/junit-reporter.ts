import fs from 'node:fs';
import path from 'node:path';
import type { PipelineResult } from '../core/types.js';
import { UserError } from '../errors/specgate-error.js';
import { toUserError } from '../errors/to-user-error.js';
import type { Reporter } from './reporter.js';

/**
 * The JUnit XML report of every job, written to `given` (`--junit FILE`, relative to `cwd`). `check`
 * fails before the run when the file could not be written (a missing or read-only place: `BAD_USAGE`,
 * exit 2); `write` writes it whole or not at all.
 */
export function junitReporter(args: { cwd: string; given: string }): Reporter {
  const { given } = args;
  const file = path.resolve(args.cwd, given);
  return {
    name: 'junit',
    check: () => assertWritable(file, given),
    async write(result: PipelineResult) {
      // Loaded only when asked for: start-up is part of every run.
      const { renderJunit } = await import('./render-junit.js');
      writeReport(file, given, renderJunit(result));
    },
  };
}

function assertWritable(file: string, given: string): void {
  const problem = (reason: string) => new UserError('BAD_USAGE', `--junit: cannot write ${given}: ${reason}`);
  let stat: fs.Stats | undefined;
  try {
    stat = fs.statSync(file);
  } catch {
    // Does not exist yet: its directory must.
  }
  if (stat?.isDirectory()) throw problem('it is a directory');
  const target = stat ? file : path.dirname(file);
  if (!stat) {
    let parent: fs.Stats;
    try {
      parent = fs.statSync(target);
    } catch {
      throw problem(`no such directory ${target}`);
    }
    if (!parent.isDirectory()) throw problem(`${target} is not a directory`);
  }
  try {
    fs.accessSync(target, fs.constants.W_OK);
  } catch {
    throw problem(stat ? 'permission denied' : `directory ${target} is not writable`);
  }
}

/**
 * Writes the report whole or not at all: into a temporary file renamed over `file`, so that a full disk or
 * a second Ctrl-C never leaves half a report for CI to read.
 */
function writeReport(file: string, given: string, content: string): void {
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    fs.writeFileSync(temporary, content);
    fs.renameSync(temporary, file);
  } catch (error) {
    fs.rmSync(temporary, { force: true });
    const fault = toUserError(error, { where: file });
    if (fault)
      throw new UserError(fault.code, `--junit: cannot write ${given}: ${fault.message}`, {
        suggestion: fault.suggestion,
        data: fault.data,
      });
    throw new UserError(
      'BAD_USAGE',
      `--junit: cannot write ${given}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
}
