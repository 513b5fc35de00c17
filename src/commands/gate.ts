import { Args } from '@oclif/core';
import { runAndReport } from '../cli/run-and-report.js';
import { runFlags } from '../cli/run-flags.js';
import { SpecgateCommand } from '../cli/specgate-command.js';
import type { PipelineResult } from '../core/types.js';

export default class Gate extends SpecgateCommand {
  static override summary = 'Gate a queue of changes: the dependent pipeline, as serial merging would judge it.';
  static override description = `Each change is tested on the target plus every change accepted ahead of it, in the given order. A change is accepted iff it merges cleanly there and its voting jobs pass. Exit status: 0 every change passed, 1 some change was rejected, 2 bad input, 130 interrupted.`;
  static override examples = ['<%= config.bin %> gate feature-a feature-b', '<%= config.bin %> gate -t release fix-1 fix-2 --json'];
  static override strict = false;
  static override args = { changes: Args.string({ description: 'Changes to gate, in merge order (branches, tags, commits).', required: true }) };
  static override flags = runFlags;

  async run(): Promise<PipelineResult> {
    const { argv, flags } = await this.parse(Gate);
    return runAndReport('gate', {
      cwd: this.cwd(flags),
      configFile: flags.config,
      target: flags.target,
      changes: argv as string[],
      only: flags.jobs,
      concurrency: flags.concurrency,
      keep: flags.keep,
      workDir: flags['work-dir'],
      signal: this.signal,
      json: this.jsonEnabled(),
    });
  }
}
