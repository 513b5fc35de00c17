import * as Args from '@oclif/core/args';
import * as Flags from '@oclif/core/flags';
import { gateAndAdvance, type GateResult } from '../cli/gate-and-advance.js';
import { runFlags } from '../cli/run-flags.js';
import { messages } from '../cli/messages.js';
import { pipelineExitStatus } from '../cli/pipeline-exit-status.js';
import { SpecgateCommand } from '../cli/specgate-command.js';
import type { PartialResult } from '../core/types.js';
import { UserError } from '../errors/specgate-error.js';

export default class Gate extends SpecgateCommand<GateResult | PartialResult> {
  static override summary =
    'Gate a queue of changes: the dependent pipeline, as serial merging would judge it.';
  static override description = `A change is accepted iff nothing it depends on was rejected, it merges cleanly onto the target plus the changes accepted ahead of it (in the given order), and its voting jobs pass there: exactly what merging the queue one change at a time would give. The speculative strategy tests every state at once and rebuilds the states behind a rejected change; the batch strategy tests the whole queue and bisects on failure. Exit status: 0 every change passed, 1 some change was rejected, 2 bad input, 130 interrupted.`;
  static override examples = [
    '<%= config.bin %> gate feature-a feature-b',
    '<%= config.bin %> gate -t release fix-1 fix-2 --json',
    '<%= config.bin %> gate -t release rc-1 rc-2 --merge --tag v1.2.3',
    '<%= config.bin %> gate feature-a feature-b --shard 2/3 --json > partial-2.json',
  ];
  static override strict = false;
  static override args = {
    changes: Args.string({
      description: 'Changes to gate, in merge order (branches, tags, commits).',
      required: true,
    }),
  };
  static override flags = {
    ...runFlags,
    strategy: Flags.option({
      description:
        'speculative: test every state at once, rebuild those behind a rejected change; batch: test the whole queue, bisect on failure.',
      options: ['speculative', 'batch'] as const,
      default: 'speculative' as const,
    })(),
    window: Flags.integer({
      min: 1,
      description: 'Most changes tested at once (speculative strategy; default: the whole queue).',
    }),
    merge: Flags.boolean({
      description:
        'Move the target branch to the last accepted state, only if it still points where the gate started (compare-and-swap).',
      default: false,
    }),
    tag: Flags.string({
      description:
        'Create the lightweight tag NAME at the last accepted state, only when every change passed (already there: nothing to do).',
      helpValue: 'NAME',
    }),
  };

  protected async execute(): Promise<GateResult | PartialResult> {
    const { argv, flags } = await this.parse(Gate);
    const options = this.runOptions(flags, argv as string[]);
    const { strategy } = flags;
    if (flags.shard !== undefined) {
      if (flags.merge || flags.tag !== undefined) {
        throw new UserError('BAD_USAGE', messages.shardHasNoVerdict(flags.merge ? 'merge' : 'tag'));
      }
      const [{ parseShard }, { runShardAndPrint }] = await Promise.all([
        import('../cli/parse-shard.js'),
        import('../cli/run-shard-and-print.js'),
      ]);
      return runShardAndPrint('gate', {
        ...options,
        strategy,
        window: flags.window,
        shard: parseShard(flags.shard),
      });
    }
    const write = { print: (text: string) => this.print(text), note: (text: string) => this.note(text) };
    const { window, merge, tag } = flags;
    return gateAndAdvance({ ...options, ...write, strategy, window, merge, tag });
  }

  protected override exitStatus(result: GateResult | PartialResult) {
    return pipelineExitStatus(result);
  }
}
