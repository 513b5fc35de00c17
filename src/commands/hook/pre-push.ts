import { createAdapters } from '../../cli/create-adapters.js';
import * as Args from '@oclif/core/args';
import { runAndReport } from '../../cli/run-and-report.js';
import { targetFlag } from '../../cli/run-flags.js';
import { pipelineExitStatus } from '../../cli/pipeline-exit-status.js';
import { EXIT, SpecgateCommand } from '../../cli/specgate-command.js';
import { gatePush, type GatePushOutcome } from '../../workflows/gate-push.js';

export default class HookPrePush extends SpecgateCommand<GatePushOutcome> {
  static override summary = 'Gate what git is pushing (run by the pre-push hook).';
  static override description = `Reads git's pre-push lines on standard input and gates the pushed commits, in push order, onto the remote's target branch as this repository last fetched it (<remote>/<target>; the local target when that is unknown), through the same pipeline as \`specgate gate\`. Deletions and pushes to the target branch itself are not gated. Exit status: 0 every pushed change passed (the push proceeds), 1 some change was rejected (git refuses the push), 2 bad input.`;
  static override examples = [
    'git push origin feature-a   # runs: <%= config.bin %> hook pre-push origin <url>',
  ];
  static override args = {
    // ignoreStdin: oclif would otherwise read a missing argument from standard input, which holds git's lines.
    remote: Args.string({
      description: 'Name of the remote pushed to (or its URL when it has no name).',
      required: true,
      ignoreStdin: true,
    }),
    url: Args.string({ description: 'URL of the remote.', ignoreStdin: true }),
  };
  static override flags = { ...targetFlag };

  protected async execute(): Promise<GatePushOutcome> {
    const { args, flags } = await this.parse(HookPrePush);
    const json = this.jsonEnabled();
    const adapters = createAdapters();
    return gatePush({
      adapters,
      cwd: this.cwd(flags),
      configFile: flags.config,
      target: flags.target,
      remote: args.remote,
      stdin: await readStdin(),
      gate: (request) =>
        runAndReport('gate', { ...request, keep: false, signal: this.signal, json, adapters }),
      note: (text) => this.note(text),
    });
  }

  protected override async render(outcome: GatePushOutcome): Promise<void> {
    // A gated push was reported by the gate's own reporters.
    if (!outcome.gated) this.print(`specgate: ${outcome.reason}\n`);
  }

  protected override exitStatus(outcome: GatePushOutcome) {
    return outcome.gated ? pipelineExitStatus(outcome.result) : EXIT.passed;
  }
}

/** All of standard input; nothing when it is a terminal (run by hand, not by git). */
async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) return '';
  let text = '';
  process.stdin.setEncoding('utf8');
  for await (const chunk of process.stdin) text += chunk as string;
  return text;
}
