import path from 'node:path';
import { Flags } from '@oclif/core';
import { SpecgateCommand } from '../cli/specgate-command.js';
import { UserError } from '../errors/specgate-error.js';
import { createAdapters } from '../cli/create-adapters.js';
import { initConfig, type InitResult } from '../workflows/init-config.js';

export default class Init extends SpecgateCommand {
  static override summary = 'Write a starter .specgaterc.yml at the repository root, with jobs detected from package.json.';
  static override description = `The target is main if that branch exists, else master, else the checked-out branch. Jobs come from the package.json scripts lint, typecheck (or type-check), build and test (test depends on build); a lock file adds a prepare step that installs dependencies. Refuses when a configuration already exists, unless --force.`;
  static override examples = ['<%= config.bin %> init', '<%= config.bin %> init --force'];
  static override flags = {
    force: Flags.boolean({ description: 'Replace an existing configuration.', default: false }),
  };

  async run(): Promise<InitResult> {
    const { flags } = await this.parse(Init);
    // --config names a file to read; init always writes the same file, where every command finds it.
    if (flags.config) throw new UserError('BAD_USAGE', '--config does not apply to init: it writes .specgaterc.yml at the repository root');
    const cwd = path.resolve(this.cwd(flags));
    const result = await initConfig({ cwd, force: flags.force, adapters: createAdapters() });
    if (!this.jsonEnabled()) {
      const shown = path.relative(cwd, result.file) || result.file;
      const jobs = result.jobs.length > 0 ? `jobs ${result.jobs.join(', ')}` : 'no jobs';
      const prepare = result.prepare.length > 0 ? `; prepare: ${result.prepare.join(', ')}` : '';
      this.log(`${result.replaced ? 'replaced' : 'wrote'} ${shown} (target ${result.target}; ${jobs}${prepare}):\n`);
      this.log(result.content);
      if (result.shadowedBy) {
        process.stderr.write(`specgate: warning: ${result.shadowedBy} is still found first and stays in use; remove it to use ${shown}\n`);
      }
      this.log('Next:');
      if (result.jobs.length === 0) this.log(`  edit ${shown} to declare the jobs every change must pass`);
      this.log('  specgate jobs            which jobs would run for HEAD');
      this.log('  specgate check           test HEAD merged onto the target');
      this.log('  specgate gate <branch>   gate a queue of branches in order');
    }
    return result;
  }
}
