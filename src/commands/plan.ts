import * as Args from '@oclif/core/args';
import * as Flags from '@oclif/core/flags';
import { pipelineExitStatus } from '../cli/pipeline-exit-status.js';
import { targetFlag } from '../cli/run-flags.js';
import { SpecgateCommand } from '../cli/specgate-command.js';
import type { PipelineResult } from '../core/types.js';
import { createAdapters } from '../cli/create-adapters.js';
import { plan } from '../workflows/plan.js';

export default class Plan extends SpecgateCommand<PipelineResult> {
  static override summary = 'Compute every speculative state of a queue, without running jobs.';
  static override description = `Resolves the changes and their dependencies, orders the queue and writes the speculative merge commit of each state. Exit status: 0 every change merges, 1 some change does not, 2 bad input.`;
  static override examples = [
    '<%= config.bin %> plan feature-a feature-b',
    '<%= config.bin %> plan --mode check feature-a --json',
  ];
  static override strict = false;
  static override args = {
    changes: Args.string({ description: 'Changes to plan, in merge order (default: HEAD).' }),
  };
  static override flags = {
    ...targetFlag,
    mode: Flags.option({
      description: 'Which pipeline to plan.',
      options: ['gate', 'check'] as const,
      default: 'gate' as const,
    })(),
    cache: Flags.boolean({
      description:
        'Reuse merges computed by earlier runs (kept in .git/specgate/cache/merges). --no-cache computes every merge afresh.',
      default: true,
      allowNo: true,
    }),
  };

  protected async execute(): Promise<PipelineResult> {
    const { argv, flags } = await this.parse(Plan);
    return plan({
      cwd: this.cwd(flags),
      configFile: flags.config,
      target: flags.target,
      changes: argv.length > 0 ? (argv as string[]) : ['HEAD'],
      mode: flags.mode,
      cache: flags.cache,
      adapters: createAdapters(),
    });
  }

  protected override async render(result: PipelineResult): Promise<void> {
    if (this.jsonEnabled()) return;
    // Loaded only for people: --json (scripts, the bench) never draws a table.
    const { summaryReporter } = await import('../report/summary-reporter.js');
    await summaryReporter({ stream: process.stdout, env: process.env }).write(result);
  }

  protected override exitStatus(result: PipelineResult) {
    return pipelineExitStatus(result);
  }
}
