import * as Flags from '@oclif/core/flags';
import { messages } from '../../cli/messages.js';
import { SpecgateCommand } from '../../cli/specgate-command.js';
import { createAdapters } from '../../cli/create-adapters.js';
import { installHook, type InstallHookOutcome } from '../../workflows/install-hook.js';

export default class HookInstall extends SpecgateCommand<InstallHookOutcome> {
  static override summary = 'Install a git pre-push hook that checks each pushed branch.';
  static override description = `Writes an executable pre-push hook into the directory git runs hooks from (core.hooksPath, else .git/hooks). The hook is a small sh script with no absolute path, so it can be committed and shared (core.hooksPath, husky, lefthook): it runs the specgate of the project's node_modules/.bin, else the one on PATH (none found: it says so and the push fails), as \`specgate hook pre-push\`, which checks each pushed branch on its own on the remote's target; a failing branch stops the push. SPECGATE_SKIP=1 pushes without gating. A pre-push hook already there is kept and run first (renamed pre-push.specgate-chained) unless --force, which overwrites it. Installing again is harmless.`;
  static override examples = [
    '<%= config.bin %> hook install',
    '<%= config.bin %> hook install --force',
    'SPECGATE_SKIP=1 git push',
  ];
  static override flags = {
    force: Flags.boolean({
      description: "Overwrite a pre-push hook that is not specgate's instead of chaining it.",
      default: false,
    }),
  };

  protected async execute(): Promise<InstallHookOutcome> {
    const { flags } = await this.parse(HookInstall);
    return installHook({
      cwd: this.cwd(flags),
      force: flags.force,
      searchPath: process.env.PATH,
      adapters: createAdapters(),
    });
  }

  protected override async render(outcome: InstallHookOutcome): Promise<void> {
    this.print(`specgate: ${messages.hookInstalled[outcome.action](outcome.chained)}: ${outcome.hook}\n`);
    if (outcome.runs === undefined) this.note(messages.hookFindsNoSpecgate(outcome.projectDirs));
    if (outcome.action !== 'updated' || !outcome.chaining) return;
    this.print(`specgate: ${messages.hookStillChains(outcome.chained)}\n`);
  }
}
