import { Command, Flags, type Interfaces } from '@oclif/core';
import { InterruptedError, UserError } from '../errors/specgate-error.js';

/** Exit statuses of the command-line contract. */
export const EXIT = { passed: 0, rejected: 1, badInput: 2, interrupted: 130 } as const;

/**
 * The base of every specgate command: the flags every command takes (`-C`, `--config`, `--json`), an
 * abort signal raised by Ctrl-C or SIGTERM, and the mapping of errors to the contract's exit statuses —
 * a user error prints one line naming the culprit and exits 2, with no stack trace.
 */
export abstract class SpecgateCommand extends Command {
  static override enableJsonFlag = true;

  static override baseFlags = {
    directory: Flags.directory({ char: 'C', description: 'Run as if specgate was started in this directory.', helpGroup: 'GLOBAL' }),
    config: Flags.file({ description: 'Read the configuration from this file instead of searching for one.', helpGroup: 'GLOBAL' }),
  };

  private readonly interruption = new AbortController();
  private readonly onSignal = (signal: NodeJS.Signals) => {
    // A second Ctrl-C while cleaning up means "stop now".
    if (this.interruption.signal.aborted) process.exit(EXIT.interrupted);
    this.interruption.abort(new InterruptedError(signal));
  };

  /** Aborted when the user interrupts the run; workflows stop their jobs and clean up when it fires. */
  protected get signal(): AbortSignal {
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
    process.off('SIGINT', this.onSignal);
    process.off('SIGTERM', this.onSignal);
    if (!error && this.signal.aborted) {
      process.stderr.write('specgate: interrupted; jobs stopped and state directories removed\n');
      process.exitCode = EXIT.interrupted;
    }
    return super.finally(error);
  }

  override async catch(error: Interfaces.CommandError): Promise<unknown> {
    if (this.signal.aborted) {
      process.stderr.write('specgate: interrupted; jobs stopped and state directories removed\n');
      return this.exit(EXIT.interrupted);
    }
    if (error instanceof UserError) {
      if (this.jsonEnabled()) this.logJson({ error: { code: error.code, message: error.message } });
      // One line per problem (a bad config can have several), each naming its culprit; no stack trace.
      process.stderr.write(error.message.split('\n').map((line) => `specgate: error: ${line}\n`).join(''));
      return this.exit(EXIT.badInput);
    }
    // oclif's own parse errors (unknown flag, missing argument) already carry exit status 2.
    return super.catch(error);
  }
}
