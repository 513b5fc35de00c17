import { Command } from '@oclif/core/command';
import * as Flags from '@oclif/core/flags';
import type * as Interfaces from '@oclif/core/interfaces';
import { EXIT, type ExitStatus } from '../errors/exit-status.js';
import { findGitDir } from '../errors/find-git-dir.js';
import { InternalError, InterruptedError, type SpecgateError, UserError } from '../errors/specgate-error.js';
import { toUserError } from '../errors/to-user-error.js';
import { writeCrashFile } from '../errors/write-crash-file.js';
import { formatUserError } from './format-user-error.js';
import { messages } from './messages.js';

export { EXIT, type ExitStatus } from '../errors/exit-status.js';

/**
 * The base of every specgate command, typed by the command's result `T`. A command implements `execute`
 * (parse its flags, call one workflow, return the result) and, where it has them, the hooks `render`
 * (what people see) and `exitStatus` (what the result means for the exit status); `run` calls the three
 * in that order and returns the result, which oclif prints as JSON with `--json`. Commands write through
 * `print` (stdout, for people only) and `note` (stderr) or a reporter, and never set the exit status
 * themselves.
 *
 * The base also gives the flags every command takes (`-C`, `--config`, `--json`), an abort signal raised
 * by Ctrl-C or SIGTERM, and the mapping of errors to the contract's exit statuses:
 *
 * - a user error, or an environment fault (full disk, permission denied, read-only file system, a damaged
 *   object; see `toUserError`), prints one line naming the culprit and what to do, exit 2;
 * - oclif's own parse errors (unknown flag, missing argument) print one line, exit 2;
 * - anything else is a bug in specgate (`InternalError`): one line naming the crash file that holds the
 *   stack, exit 3 — never 1, which means "rejected";
 * - an interrupted run prints only that it was interrupted, exit 130.
 *
 * With `--json` the error is also printed on stdout as `{"error": {code, message, suggestion?, data?}}`
 * (the error's `toJSON()`). A command that returns has finished its work: a signal that came too late to
 * stop it changes nothing.
 */
export abstract class SpecgateCommand<T extends object = object> extends Command {
  static override enableJsonFlag = true;

  static override baseFlags = {
    directory: Flags.directory({
      char: 'C',
      description: 'Run as if specgate was started in this directory.',
      helpGroup: 'GLOBAL',
    }),
    config: Flags.file({
      description: 'Read the configuration from this file instead of searching for one.',
      helpGroup: 'GLOBAL',
    }),
  };

  private readonly interruption = new AbortController();
  private readonly onSignal = (signal: NodeJS.Signals) => {
    // The command has returned: its result is decided and written (every write is synchronous, so no signal
    // handler runs in the middle of one) and the process is ending by itself. A late signal must neither
    // change its status nor fall back to Node's default (death by the signal, which a shell reads as 130):
    // the first is ignored; a second one, from a user who insists, exits at once with the status decided.
    if (this.finished) {
      if (this.lateSignals++ > 0) process.exit();
      return;
    }
    // A second Ctrl-C while cleaning up means "stop now". Every result file is written in one synchronous
    // call, which a signal handler cannot cut in two; only temporary directories may be left behind.
    if (this.interruption.signal.aborted) {
      // The live view may have hidden the cursor: give it back.
      if (process.stderr.isTTY) process.stderr.write('\u001b[?25h');
      process.stderr.write(`specgate: ${messages.interruptedAgain}\n`);
      process.exit(EXIT.interrupted);
    }
    // Nothing listens (plan, jobs, checkout, or a run not started yet): nothing to stop or clean up first.
    if (!this.listened) {
      process.stderr.write(`specgate: ${messages.interruptedIdle}\n`);
      process.exit(EXIT.interrupted);
    }
    this.interruption.abort(new InterruptedError(signal));
  };
  private finished = false;
  private lateSignals = 0;
  private listened = false;

  /** The command's work: parses its flags, calls one workflow and returns its result. */
  protected abstract execute(): Promise<T>;

  /**
   * What people see of `result`, written with `print` (and `note`, or a reporter). Called with `--json`
   * too, where `print` writes nothing: a command loads its renderer only when `jsonEnabled()` is false.
   * By default nothing.
   */
  protected async render(_result: T): Promise<void> {}

  /** The exit status `result` ends the run with (default 0: the command did what it was asked). */
  protected exitStatus(_result: T): ExitStatus {
    return EXIT.passed;
  }

  /** Runs `execute`, then `render`, and sets the exit status from `exitStatus`; returns the result. */
  async run(): Promise<T> {
    const result = await this.execute();
    await this.render(result);
    // The one place a result sets the exit status; errors set theirs in `catch`.
    process.exitCode = this.exitStatus(result);
    return result;
  }

  /** Writes `text` on stdout for people: nothing with `--json`, where stdout holds the JSON result only. */
  protected print(text: string): void {
    if (!this.jsonEnabled()) process.stdout.write(text);
  }

  /** Writes the line `specgate: <text>` on stderr, with `--json` too (it is not part of the result). */
  protected note(text: string): void {
    process.stderr.write(`specgate: ${text}\n`);
  }

  /**
   * Aborted when the user interrupts the run; workflows stop their jobs and clean up when it fires. A
   * command that never asks for it is stopped at once by Ctrl-C instead.
   */
  protected get signal(): AbortSignal {
    this.listened = true;
    return this.interruption.signal;
  }

  /** The directory the command works in (`-C`, else the current directory). */
  protected cwd(flags: { directory?: string }): string {
    return flags.directory ?? process.cwd();
  }

  /** The options of a pipeline run from the flags `check` and `gate` share (see `runFlags`). */
  protected runOptions(
    flags: {
      directory?: string;
      config?: string;
      target?: string;
      jobs?: string[];
      concurrency?: number;
      keep: boolean;
      'work-dir'?: string;
      junit?: string;
      html?: string;
      cache?: boolean;
    },
    changes: string[],
  ) {
    return {
      cwd: this.cwd(flags),
      configFile: flags.config,
      target: flags.target,
      changes,
      only: flags.jobs,
      concurrency: flags.concurrency,
      keep: flags.keep,
      workDir: flags['work-dir'],
      junit: flags.junit,
      html: flags.html,
      cache: flags.cache,
      signal: this.signal,
      json: this.jsonEnabled(),
    };
  }

  override async init(): Promise<void> {
    await super.init();
    process.on('SIGINT', this.onSignal);
    process.on('SIGTERM', this.onSignal);
  }

  override async finally(error: Error | undefined): Promise<void> {
    // The handlers stay installed until the process ends (see `onSignal`): removed here, a signal that
    // comes while the result is printed or the process winds down would kill it by Node's default.
    this.finished = true;
    // Nor may one kill it as it winds down: ending by itself, Node closes its signal handles after the
    // 'exit' event and a signal then meets the default action. Once nothing is left to do (every write
    // flushed, so the loop is empty), exit with the status decided, before those handles are closed.
    process.once('beforeExit', () => process.exit());
    return super.finally(error);
  }

  override async catch(error: Interfaces.CommandError): Promise<unknown> {
    if (this.interruption.signal.aborted) {
      // A command that knows what the interruption left undone says so itself (a verdict reached, then a
      // `--merge` not started: "main was not moved"); else jobs were stopped and cleaned up.
      const own = error instanceof InterruptedError && error !== this.interruption.signal.reason;
      const reason = own ? error : (this.interruption.signal.reason as InterruptedError);
      return this.report(reason, `specgate: ${own ? error.message : messages.interrupted}\n`);
    }
    // `this.exit(n)` called by the command itself.
    if ((error as { code?: unknown }).code === 'EEXIT') throw error;
    if (isParseError(error)) {
      const suggestion = messages.seeHelp(this.id);
      const usage = new UserError('BAD_USAGE', parseErrorLine(error), { suggestion });
      return this.report(usage, formatUserError(usage));
    }
    const where = findGitDir(this.cwd(this.parsedFlags()));
    const known = toUserError(error, { where });
    if (known) return this.report(known, formatUserError(known));
    return this.crash(error, where);
  }

  /** Reports a bug: one line naming the crash file that holds the stack, exit 3. */
  private crash(error: Error, gitdir: string | undefined): never {
    const file = writeCrashFile({ error, argv: process.argv.slice(2), gitdir, version: this.config.version });
    const bug = InternalError.of(error, file);
    return this.report(bug, `specgate: ${messages.internalError(bug.message, file)}\n`);
  }

  /** Ends the run with `error`: its JSON form on stdout with `--json`, `text` on stderr, its exit status. */
  private report(error: SpecgateError, text: string): never {
    if (this.jsonEnabled()) this.logJson({ error: error.toJSON() });
    process.stderr.write(text);
    return this.exit(error.exitStatus);
  }

  /** The flags as parsed so far (empty when parsing itself failed). */
  private parsedFlags(): { directory?: string } {
    const index = this.argv.findIndex(
      (arg) => arg === '-C' || arg === '--directory' || arg.startsWith('--directory='),
    );
    if (index < 0) return {};
    const arg = this.argv[index];
    return {
      directory: arg.startsWith('--directory=') ? arg.slice('--directory='.length) : this.argv[index + 1],
    };
  }
}

/** oclif's parser errors (unknown flag, missing argument, bad option value) carry exit status 2. */
function isParseError(error: Interfaces.CommandError): boolean {
  const oclif = (error as { oclif?: { exit?: number } }).oclif;
  return oclif?.exit === 2 || (error as { parse?: unknown }).parse !== undefined;
}

function parseErrorLine(error: Error): string {
  // oclif's messages run over several lines (the argument's description, notes, "See more help with
  // --help"); the first says what is wrong, and the suggestion points at the help.
  const lines = error.message
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !/^The following errors? occurred:$/i.test(line));
  if (lines.length === 0) return error.message;
  // "Missing 1 required arg:" is followed by "changes  Changes to gate, …": keep the argument's name.
  return lines[0].endsWith(':') && lines[1] !== undefined
    ? `${lines[0]} ${lines[1].split(/\s{2,}/)[0]}`
    : lines[0];
}
