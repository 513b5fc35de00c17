import { UserError } from '../errors/specgate-error.js';
import { isSpecgateHook } from '../core/hook/is-specgate-hook.js';
import type { HookLocation } from '../git/hooks/locate-hook.js';
import type { Adapters } from './adapters.js';

/** What `uninstallHook` did. */
export interface UninstallHookOutcome extends HookLocation {
  /** `removed`: our hook is gone; `restored`: and the foreign hook it chained is `pre-push` again;
   * `absent`: there was no specgate hook to remove. */
  action: 'removed' | 'restored' | 'absent';
}

/**
 * Removes specgate's `pre-push` hook from the directory git runs hooks from, and puts back the foreign hook
 * it chained, if any. Refuses, with a `BAD_USAGE` user error, to remove a `pre-push` hook that is not
 * specgate's.
 */
export function uninstallHook(args: {
  cwd: string;
  adapters: Pick<Adapters, 'hooks' | 'files'>;
}): UninstallHookOutcome {
  const { hooks, files } = args.adapters;
  const location = hooks.locate({ cwd: args.cwd });
  const { hook, chained } = location;
  const text = files.readText(hook);
  if (text === undefined) return { ...location, action: 'absent' };
  if (!isSpecgateHook(text)) {
    throw new UserError('BAD_USAGE', `${hook} is not specgate's pre-push hook; leaving it alone`, {
      suggestion: 'remove it yourself if you no longer want it',
    });
  }
  files.removeSync(hook);
  if (files.kind(chained) !== undefined) {
    files.rename(chained, hook);
    return { ...location, action: 'restored' };
  }
  return { ...location, action: 'removed' };
}
