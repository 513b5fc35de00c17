import * as Args from '@oclif/core/args';
import * as Flags from '@oclif/core/flags';
import { messages } from '../cli/messages.js';
import { targetFlag } from '../cli/run-flags.js';
import { EXIT, SpecgateCommand } from '../cli/specgate-command.js';
import type { ChangeVerdict } from '../core/types.js';
import { createAdapters } from '../cli/create-adapters.js';
import { checkoutState, type CheckoutResult } from '../workflows/checkout-state.js';

export default class Checkout extends SpecgateCommand<CheckoutResult | ChangeVerdict> {
  static override summary =
    'Write the speculative state of a change into a directory, as a clean git checkout.';
  static override description = `The state of the last CHANGE given, with the changes before it queued ahead (gate mode: target + every change ahead + CHANGE, assuming all pass; check mode: target + its dependencies + CHANGE). The directory borrows the repository's objects instead of copying them.`;
  static override examples = [
    '<%= config.bin %> checkout feature-b --dir /tmp/state',
    '<%= config.bin %> checkout feature-a feature-b --dir /tmp/state',
  ];
  static override strict = false;
  static override args = {
    changes: Args.string({
      description: 'The queue, ending with the change whose state to write.',
      required: true,
    }),
  };
  static override flags = {
    ...targetFlag,
    dir: Flags.directory({ description: 'Directory to write the state to (new or empty).', required: true }),
    mode: Flags.option({
      description: 'Which pipeline the state belongs to.',
      options: ['gate', 'check'] as const,
      default: 'gate' as const,
    })(),
  };

  protected async execute(): Promise<CheckoutResult | ChangeVerdict> {
    const { argv, flags } = await this.parse(Checkout);
    return checkoutState({
      cwd: this.cwd(flags),
      configFile: flags.config,
      target: flags.target,
      changes: argv as string[],
      dir: flags.dir,
      mode: flags.mode,
      adapters: createAdapters(),
    });
  }

  protected override async render(result: CheckoutResult | ChangeVerdict): Promise<void> {
    // A change whose state does not exist (it does not merge) is said on stderr, with --json too.
    if (!('dir' in result))
      return this.note(messages.checkoutRefused(result.id, result.result, result.message));
    const state = [result.target, ...result.includes].join(' + ');
    this.print(`${messages.checkoutWrote(result.speculativeSha, state, result.dir)}\n`);
  }

  protected override exitStatus(result: CheckoutResult | ChangeVerdict) {
    return 'dir' in result ? EXIT.passed : EXIT.rejected;
  }
}
