import * as Args from '@oclif/core/args';
import { runAndReport } from '../cli/run-and-report.js';
import { runFlags } from '../cli/run-flags.js';
import { pipelineExitStatus } from '../cli/pipeline-exit-status.js';
import { SpecgateCommand } from '../cli/specgate-command.js';
import type { PartialResult, PipelineResult } from '../core/types.js';

export default class Check extends SpecgateCommand<PipelineResult | PartialResult> {
  static override summary = 'Check changes independently: each on the target plus its own dependencies.';
  static override description = `Each change is tested on the target plus the changes it depends on (stacked branches, Depends-On: footers), whatever becomes of the others. Exit status: 0 every change passed, 1 some change was rejected, 2 bad input, 130 interrupted.`;
  static override examples = [
    '<%= config.bin %> check',
    '<%= config.bin %> check feature-a feature-b -j 4',
    '<%= config.bin %> check feature-a feature-b --shard 1/2 --json > partial-1.json',
  ];
  static override strict = false;
  static override args = { changes: Args.string({ description: 'Changes to check (default: HEAD).' }) };
  static override flags = runFlags;

  protected async execute(): Promise<PipelineResult | PartialResult> {
    const { argv, flags } = await this.parse(Check);
    const options = this.runOptions(flags, argv.length > 0 ? (argv as string[]) : ['HEAD']);
    if (flags.shard !== undefined) {
      const [{ parseShard }, { runShardAndPrint }] = await Promise.all([
        import('../cli/parse-shard.js'),
        import('../cli/run-shard-and-print.js'),
      ]);
      return runShardAndPrint('check', { ...options, shard: parseShard(flags.shard) });
    }
    return runAndReport('check', options);
  }

  protected override exitStatus(result: PipelineResult | PartialResult) {
    return pipelineExitStatus(result);
  }
}
