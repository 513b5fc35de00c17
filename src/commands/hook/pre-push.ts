import { createAdapters } from '../../cli/create-adapters.js';
import * as Args from '@oclif/core/args';
import { messages } from '../../cli/messages.js';
import { runAndReport } from '../../cli/run-and-report.js';
import { targetFlag } from '../../cli/run-flags.js';
import { EXIT, SpecgateCommand } from '../../cli/specgate-command.js';
import { gatePush, type GatePushOutcome } from '../../workflows/gate-push.js';

export default class HookPrePush extends SpecgateCommand<GatePushOutcome> {
  static override summary = 'Check each branch git is pushing (run by the pre-push hook).';
  static override description = `Reads git's pre-push lines on standard input and checks each pushed branch on its own, through the same pipeline as \`specgate check\`: on the remote's target branch as this repository last fetched it (<remote>/<target>; the local target when that is unknown) plus the branch's own dependencies, never on top of another pushed branch. Tags, deletions, other refs and pushes to the target branch itself are skipped, one line each. When a branch fails it names the branches that passed and prints the \`git push\` that sends only them. Exit status: 0 every pushed branch passed (the push proceeds), 1 some pushed branch failed (git refuses the whole push), 2 bad input.`;
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
      check: (request) =>
        runAndReport('check', { ...request, keep: false, signal: this.signal, json, adapters }),
      note: (text) => this.note(text),
    });
  }

  protected override async render(outcome: GatePushOutcome): Promise<void> {
    if (!outcome.gated) {
      this.print(`specgate: ${outcome.reason}\n`);
      return;
    }
    // The check's own reporters printed each change's jobs; this says what becomes of the push.
    const lines = outcome.branches.map((branch) =>
      messages.hookBranch(branch.result === 'SUCCESS', branch.change, branch.remoteRef, branch.result),
    );
    const failed = outcome.branches.filter((branch) => branch.result !== 'SUCCESS').length;
    if (!outcome.refused) lines.push(messages.hookAllPassed(outcome.branches.length));
    else {
      lines.push(messages.hookRefused(failed, outcome.branches.length));
      if (outcome.pushPassed !== undefined) lines.push(messages.hookPushPassed(outcome.pushPassed));
    }
    this.print(lines.map((line) => `specgate: ${line}\n`).join(''));
  }

  protected override exitStatus(outcome: GatePushOutcome) {
    return outcome.gated && outcome.refused ? EXIT.rejected : EXIT.passed;
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
