import { Args, Flags } from '@oclif/core';
import { gateAndAdvance, type GateResult } from '../../cli/gate-and-advance.js';
import { runAndReport } from '../../cli/run-and-report.js';
import { runFlags } from '../../cli/run-flags.js';
import { SpecgateCommand } from '../../cli/specgate-command.js';
import { UserError } from '../../errors/specgate-error.js';
import { renderMergeNote } from '../../report/render-merge-note.js';
import { createAdapters } from '../../cli/create-adapters.js';
import { openPartials } from '../../workflows/open-partials.js';

export default class ReportMerge extends SpecgateCommand {
  static override summary = 'Combine the partial results of a sharded check or gate into its verdict, JUnit report and exit status.';
  static override description = `Give every shard's output of 'specgate check|gate ... --shard i/n --json', in any order. The shards must come from one run (same target and change commits, same configuration), all of them, each once. The verdict is the one a single run would give: states the shards tested are served from their results; states no shard could foresee (those behind a rejected change, which the plan assumed would pass) are tested here. Exit status: 0 every change passed, 1 some change was rejected, 2 bad input, 130 interrupted.`;
  static override examples = [
    '<%= config.bin %> report merge partial-1.json partial-2.json partial-3.json',
    '<%= config.bin %> report merge partials/*.json --junit junit.xml',
    '<%= config.bin %> report merge partials/*.json --merge --tag v1.2.3',
  ];
  static override strict = false;
  static override args = { partials: Args.string({ description: 'Partial result files, one per shard.', required: true }) };
  static override flags = {
    concurrency: runFlags.concurrency,
    keep: runFlags.keep,
    'work-dir': runFlags['work-dir'],
    junit: runFlags.junit,
    cache: Flags.boolean({
      description: 'Also take job results from the result cache (git notes); --no-cache uses only the shards\' results.',
      default: true,
      allowNo: true,
    }),
    merge: Flags.boolean({
      description: 'For a sharded gate: move the target branch to the last accepted state, only if it still points where the shards started (compare-and-swap).',
      default: false,
    }),
    tag: Flags.string({ description: 'For a sharded gate: create the lightweight tag NAME at the last accepted state.', helpValue: 'NAME' }),
  };

  async run(): Promise<GateResult> {
    const { argv, flags } = await this.parse(ReportMerge);
    const cwd = this.cwd(flags);
    const merging = await openPartials({ cwd, files: argv as string[], adapters: createAdapters() });
    const advancing = flags.merge || flags.tag !== undefined;
    if (advancing && merging.mode !== 'gate') {
      throw new UserError('BAD_USAGE', `--${flags.merge ? 'merge' : 'tag'}: the partial results are of a check, which merges nothing; shard a gate`);
    }
    const options = {
      ...merging.options,
      cwd,
      configFile: flags.config,
      concurrency: flags.concurrency,
      keep: flags.keep,
      workDir: flags['work-dir'],
      cache: flags.cache,
      junit: flags.junit,
      signal: this.signal,
      json: this.jsonEnabled(),
    };
    const result = merging.mode === 'gate' ? await gateAndAdvance({ ...options, merge: flags.merge, tag: flags.tag }) : await runAndReport('check', options);
    process.stderr.write(renderMergeNote(result, merging.shards));
    return result;
  }
}
