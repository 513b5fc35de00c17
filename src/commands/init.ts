import path from 'node:path';
import * as Flags from '@oclif/core/flags';
import { messages } from '../cli/messages.js';
import { SpecgateCommand } from '../cli/specgate-command.js';
import { UserError } from '../errors/specgate-error.js';
import { createAdapters } from '../cli/create-adapters.js';
import { initConfig, type InitResult } from '../workflows/init-config.js';

export default class Init extends SpecgateCommand<InitResult> {
  static override summary =
    'Write a starter .specgaterc.yml at the repository root, with jobs detected from package.json.';
  static override description = `The target is main if that branch exists, else master, else the checked-out branch. Jobs come from the package.json scripts lint, typecheck (or type-check), build and test (test depends on build); a job whose script another job's script already runs is left out; a lock file adds a prepare step that installs from it (without one, dependencies are installed with npm install, keyed by package.json). Refuses when a configuration already exists, unless --force.`;
  static override examples = ['<%= config.bin %> init', '<%= config.bin %> init --force'];
  static override flags = {
    force: Flags.boolean({ description: 'Replace an existing configuration.', default: false }),
  };

  protected async execute(): Promise<InitResult> {
    const { flags } = await this.parse(Init);
    // --config names a file to read; init always writes the same file, where every command finds it.
    if (flags.config) throw new UserError('BAD_USAGE', messages.initTakesNoConfig);
    this.from = path.resolve(this.cwd(flags));
    return initConfig({ cwd: this.from, force: flags.force, adapters: createAdapters() });
  }

  /** The directory init ran in, from which the file written is named. */
  private from = '';

  protected override async render(result: InitResult): Promise<void> {
    if (this.jsonEnabled()) return;
    const shown = path.relative(this.from, result.file) || result.file;
    const { target, jobs, prepare } = result;
    this.print(`${messages.initWrote(result.replaced !== undefined, shown, target, jobs, prepare)}\n`);
    this.print(`${result.content}\n`);
    if (result.withoutLockFile) this.print(`${messages.initWithoutLockFile(prepare[0])}\n`);
    for (const { job, script, runBy } of result.leftOut)
      this.print(`${messages.initLeftOut(job, script, runBy)}\n`);
    if (result.shadowedBy) this.note(messages.initShadowed(result.shadowedBy, shown));
    this.print(
      messages
        .initNext(shown, result.jobs.length > 0)
        .map((line) => `${line}\n`)
        .join(''),
    );
  }
}
