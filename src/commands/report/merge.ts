import * as Args from '@oclif/core/args';
import * as Flags from '@oclif/core/flags';
import { gateAndAdvance, type GateResult } from '../../cli/gate-and-advance.js';
import { messages } from '../../cli/messages.js';
import { pipelineExitStatus } from '../../cli/pipeline-exit-status.js';
import { runAndReport } from '../../cli/run-and-report.js';
import { runFlags } from '../../cli/run-flags.js';
import { SpecgateCommand } from '../../cli/specgate-command.js';
import { UserError } from '../../errors/specgate-error.js';
import { renderMergeNote } from '../../report/render-merge-note.js';
import { createAdapters } from '../../cli/create-adapters.js';
import { openPartials } from '../../workflows/open-partials.js';

export default class ReportMerge extends SpecgateCommand<GateResult> {
  static override summary =
    'Combine the partial results of a sharded check or gate into its verdict, JUnit report and exit status.';
  static override description = `Give every shard's output of 'specgate check|gate ... --shard i/n --json', in any order. The shards must come from one run (same target and change commits, same configuration), all of them, each once. The verdict is the one a single run would give: states the shards tested are served from their results; states no shard could foresee (those behind a rejected change, which the plan assumed would pass) are tested here. Exit status: 0 every change passed, 1 some change was rejected, 2 bad input, 130 interrupted.`;
  static override examples = [
    '<%= config.bin %> report merge partial-1.json partial-2.json partial-3.json',
    '<%= config.bin %> report merge partials/*.json --junit junit.xml',
    '<%= config.bin %> report merge partials/*.json --merge --tag v1.2.3',
  ];
  static override strict = false;
  static override args = {
    partials: Args.string({ description: 'Partial result files, one per shard.', required: true }),
  };
  static override flags = {
    concurrency: runFlags.concurrency,
    keep: runFlags.keep,
    'work-dir': runFlags['work-dir'],
    junit: runFlags.junit,
    html: runFlags.html,
    cache: Flags.boolean({
      description:
        "Also take job results from the result cache (git notes); --no-cache uses only the shards' results.",
      default: true,
      allowNo: true,
    }),
    merge: Flags.boolean({
      description:
        'For a sharded gate: move the target branch to the last accepted state, only if it still points where the shards started (compare-and-swap).',
      default: false,
    }),
    tag: Flags.string({
      description: 'For a sharded gate: create the lightweight tag NAME at the last accepted state.',
      helpValue: 'NAME',
    }),
  };

  protected async execute(): Promise<GateResult> {
    const { argv, flags } = await this.parse(ReportMerge);
    const cwd = this.cwd(flags);
    const merging = await openPartials({ cwd, files: argv as string[], adapters: createAdapters() });
    const advancing = flags.merge || flags.tag !== undefined;
    if (advancing && merging.mode !== 'gate') {
      throw new UserError('BAD_USAGE', messages.checkMergesNothing(flags.merge ? 'merge' : 'tag'));
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
      html: flags.html,
      signal: this.signal,
      json: this.jsonEnabled(),
    };
    this.shards = merging.shards;
    if (merging.mode !== 'gate') return runAndReport('check', options);
    const write = { print: (text: string) => this.print(text), note: (text: string) => this.note(text) };
    return gateAndAdvance({ ...options, ...write, merge: flags.merge, tag: flags.tag });
  }

  /** How many shards were combined, for the note after the verdict. */
  private shards = 0;

  protected override async render(result: GateResult): Promise<void> {
    // On stderr, with --json too: what was taken from the shards and what was run here.
    process.stderr.write(renderMergeNote(result, this.shards));
  }

  protected override exitStatus(result: GateResult) {
    return pipelineExitStatus(result);
  }
}
