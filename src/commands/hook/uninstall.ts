import { SpecgateCommand } from '../../cli/specgate-command.js';
import { createAdapters } from '../../cli/create-adapters.js';
import { uninstallHook, type UninstallHookOutcome } from '../../workflows/uninstall-hook.js';

export default class HookUninstall extends SpecgateCommand {
  static override summary = 'Remove specgate\'s pre-push hook, restoring the hook it chained.';
  static override description = `Removes the pre-push hook \`specgate hook install\` wrote, and puts back the pre-push hook it was running first, if any. Refuses (exit status 2) to remove a pre-push hook that is not specgate's.`;
  static override examples = ['<%= config.bin %> hook uninstall'];

  async run(): Promise<UninstallHookOutcome> {
    const { flags } = await this.parse(HookUninstall);
    const outcome = uninstallHook({ cwd: this.cwd(flags), adapters: createAdapters() });
    if (!this.jsonEnabled()) {
      const what = {
        removed: `removed the pre-push hook ${outcome.hook}`,
        restored: `removed the pre-push hook and restored the one it chained: ${outcome.hook}`,
        absent: `no specgate pre-push hook in ${outcome.hooksDir}; nothing to do`,
      }[outcome.action];
      this.log(`specgate: ${what}`);
    }
    return outcome;
  }
}
