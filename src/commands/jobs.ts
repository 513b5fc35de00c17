import * as Args from '@oclif/core/args';
import * as Flags from '@oclif/core/flags';
import { targetFlag } from '../cli/run-flags.js';
import { SpecgateCommand } from '../cli/specgate-command.js';
import { createColors } from '../report/colors.js';
import { renderJobListing } from '../report/render-job-listing.js';
import type { JobListing } from '../core/types.js';
import { createAdapters } from '../cli/create-adapters.js';
import { listJobs } from '../workflows/list-jobs.js';

export default class Jobs extends SpecgateCommand<JobListing> {
  static override summary = 'Show which jobs would run for each change, and why each other job would not.';
  static override examples = [
    '<%= config.bin %> jobs feature-a',
    '<%= config.bin %> jobs --mode check --json',
  ];
  static override strict = false;
  static override args = { changes: Args.string({ description: 'Changes to look at (default: HEAD).' }) };
  static override flags = {
    ...targetFlag,
    mode: Flags.option({
      description: 'Which pipeline.',
      options: ['check', 'gate'] as const,
      default: 'check' as const,
    })(),
    jobs: Flags.string({
      description: 'Only these jobs (comma-separated), as check and gate take it.',
      delimiter: ',',
      multiple: true,
    }),
  };

  protected async execute(): Promise<JobListing> {
    const { argv, flags } = await this.parse(Jobs);
    return listJobs({
      cwd: this.cwd(flags),
      configFile: flags.config,
      target: flags.target,
      changes: argv.length > 0 ? (argv as string[]) : ['HEAD'],
      mode: flags.mode,
      only: flags.jobs,
      adapters: createAdapters(),
    });
  }

  protected override async render(listing: JobListing): Promise<void> {
    if (this.jsonEnabled()) return;
    this.print(renderJobListing(listing, { color: createColors(process.stdout).level > 0 }));
  }
}
