import { messages } from '../../cli/messages.js';
import { SpecgateCommand } from '../../cli/specgate-command.js';
import { createAdapters } from '../../cli/create-adapters.js';
import { uninstallHook, type UninstallHookOutcome } from '../../workflows/uninstall-hook.js';

export default class HookUninstall extends SpecgateCommand<UninstallHookOutcome> {
  static override summary = "Remove specgate's pre-push hook, restoring the hook it chained.";
  static override description = `Removes the pre-push hook \`specgate hook install\` wrote, and puts back the pre-push hook it was running first, if any. Refuses (exit status 2) to remove a pre-push hook that is not specgate's.`;
  static override examples = ['<%= config.bin %> hook uninstall'];

  protected async execute(): Promise<UninstallHookOutcome> {
    const { flags } = await this.parse(HookUninstall);
    return uninstallHook({ cwd: this.cwd(flags), adapters: createAdapters() });
  }

  protected override async render(outcome: UninstallHookOutcome): Promise<void> {
    const { absent, ...done } = messages.hookUninstalled;
    const what = outcome.action === 'absent' ? absent(outcome.hooksDir) : done[outcome.action](outcome.hook);
    this.print(`specgate: ${what}\n`);
  }
}
