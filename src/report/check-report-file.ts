import fs from 'node:fs';
import path from 'node:path';
import { UserError } from '../errors/specgate-error.js';

/**
 * Fails fast, before any job runs, when the report file `file` (given on the command line as `given`, to
 * `--<flag>`) could not be written: a directory in its place, a missing or non-directory parent, or no
 * write permission. Throws a `BAD_USAGE` `UserError` (exit 2) whose one line names the flag and the file.
 */
export function checkReportFile(args: { flag: string; file: string; given: string }): void {
  const { flag, file, given } = args;
  const problem = (reason: string) =>
    new UserError('BAD_USAGE', `--${flag}: cannot write ${given}: ${reason}`);
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
