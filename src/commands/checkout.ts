import { Args, Flags } from '@oclif/core';
import { targetFlag } from '../cli/run-flags.js';
import { SpecgateCommand } from '../cli/specgate-command.js';
import type { ChangeVerdict } from '../core/types.js';
import { createAdapters } from '../cli/create-adapters.js';
import { checkoutState, type CheckoutResult } from '../workflows/checkout-state.js';

export default class Checkout extends SpecgateCommand {
  static override summary = 'Write the speculative state of a change into a directory, as a clean git checkout.';
  static override description = `The state of the last CHANGE given, with the changes before it queued ahead (gate mode: target + every change ahead + CHANGE, assuming all pass; check mode: target + its dependencies + CHANGE). The directory borrows the repository's objects instead of copying them.`;
  static override examples = ['<%= config.bin %> checkout feature-b --dir /tmp/state', '<%= config.bin %> checkout feature-a feature-b --dir /tmp/state'];
  static override strict = false;
  static override args = { changes: Args.string({ description: 'The queue, ending with the change whose state to write.', required: true }) };
  static override flags = {
    ...targetFlag,
    dir: Flags.directory({ description: 'Directory to write the state to (new or empty).', required: true }),
    mode: Flags.string({ description: 'Which pipeline the state belongs to.', options: ['gate', 'check'], default: 'gate' }),
  };

  async run(): Promise<CheckoutResult | ChangeVerdict> {
    const { argv, flags } = await this.parse(Checkout);
    const result = await checkoutState({
      cwd: this.cwd(flags),
      configFile: flags.config,
      target: flags.target,
      changes: argv as string[],
      dir: flags.dir,
      mode: flags.mode as 'gate' | 'check',
      adapters: createAdapters(),
    });
    if ('dir' in result) {
      this.log(`wrote ${result.speculativeSha} (${[result.target, ...result.includes].join(' + ')}) to ${result.dir}`);
    } else {
      process.stderr.write(`specgate: ${result.id}: ${result.result}: ${result.message}\n`);
      process.exitCode = 1;
    }
    return result;
  }
}
