import { Args, Flags } from '@oclif/core';
import { targetFlag } from '../cli/run-flags.js';
import { SpecgateCommand } from '../cli/specgate-command.js';
import type { PipelineResult } from '../core/types.js';
import { createAdapters } from '../cli/create-adapters.js';
import { plan } from '../workflows/plan.js';

export default class Plan extends SpecgateCommand {
  static override summary = 'Compute every speculative state of a queue, without running jobs.';
  static override description = `Resolves the changes and their dependencies, orders the queue and writes the speculative merge commit of each state. Exit status: 0 every change merges, 1 some change does not, 2 bad input.`;
  static override examples = ['<%= config.bin %> plan feature-a feature-b', '<%= config.bin %> plan --mode check feature-a --json'];
  static override strict = false;
  static override args = { changes: Args.string({ description: 'Changes to plan, in merge order (default: HEAD).' }) };
  static override flags = {
    ...targetFlag,
    mode: Flags.string({ description: 'Which pipeline to plan.', options: ['gate', 'check'], default: 'gate' }),
    cache: Flags.boolean({
      description: 'Reuse merges computed by earlier runs (kept in .git/specgate/cache/merges). --no-cache computes every merge afresh.',
      default: true,
      allowNo: true,
    }),
  };

  async run(): Promise<PipelineResult> {
    const { argv, flags } = await this.parse(Plan);
    const result = await plan({
      cwd: this.cwd(flags),
      configFile: flags.config,
      target: flags.target,
      changes: argv.length > 0 ? (argv as string[]) : ['HEAD'],
      mode: flags.mode as 'gate' | 'check',
      cache: flags.cache,
      adapters: createAdapters(),
    });
    if (!this.jsonEnabled()) {
      // Loaded only for people: --json (scripts, the bench) never draws a table.
      const [{ createColors }, { renderSummary }] = await Promise.all([import('../report/colors.js'), import('../report/render-summary.js')]);
      process.stdout.write(renderSummary(result, { color: createColors(process.stdout).level > 0 }));
    }
    if (result.verdict !== 'SUCCESS') process.exitCode = 1;
    return result;
  }
}
