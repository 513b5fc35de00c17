import { UserError } from '../errors/specgate-error.js';
import { HOOK_MARKER, isSpecgateHook } from '../core/is-specgate-hook.js';
import type { HookLocation } from '../git/hooks/locate-hook.js';
import type { Adapters } from './adapters.js';

/** What `installHook` did. */
export interface InstallHookOutcome extends HookLocation {
  /** `created`: no hook was there; `updated`: ours was there and is rewritten; `chained`: a foreign hook was
   * kept and now runs first; `replaced`: a foreign hook was overwritten (`--force`). */
  action: 'created' | 'updated' | 'chained' | 'replaced';
  /** Whether the installed hook runs a chained foreign hook first. */
  chaining: boolean;
}

/**
 * Writes specgate's executable `pre-push` hook into the directory git runs hooks from (see `locateHook`).
 * The hook runs `<node> <runJs> hook pre-push "$@"` and exits 0 at once when `SPECGATE_SKIP=1`. A foreign
 * `pre-push` already there is kept and chained (renamed `pre-push.specgate-chained`, run first with the same
 * arguments and standard input; a failure stops the push) unless `force`, which overwrites it. Installing
 * again over ours is idempotent. Throws a `BAD_USAGE` user error when a foreign hook is there and an earlier
 * chained one would be lost.
 */
export function installHook(args: {
  cwd: string;
  force: boolean;
  node: string;
  runJs: string;
  adapters: Pick<Adapters, 'hooks' | 'files'>;
}): InstallHookOutcome {
  const { hooks, files } = args.adapters;
  const location = hooks.locate({ cwd: args.cwd });
  const { hook, chained } = location;
  const existing = files.readText(hook);
  let action: InstallHookOutcome['action'];
  if (existing === undefined) action = 'created';
  else if (isSpecgateHook(existing)) action = 'updated';
  else if (args.force) action = 'replaced';
  else {
    if (files.exists(chained)) {
      throw new UserError('BAD_USAGE', `cannot chain the pre-push hook ${hook}: ${chained} already exists`, {
        suggestion: 'move one of them away, or pass --force to overwrite the pre-push hook',
      });
    }
    files.rename(hook, chained);
    action = 'chained';
  }
  const chaining = files.exists(chained);
  files.makeDirectory(location.hooksDir);
  // Write then rename, so git never runs a half-written hook.
  const temporary = `${hook}.specgate-${process.pid}.tmp`;
  files.writeText(temporary, renderHook({ node: args.node, runJs: args.runJs, chaining }), { mode: 0o755 });
  files.chmod(temporary, 0o755);
  files.rename(temporary, hook);
  return { ...location, action, chaining };
}

/** The hook script. Paths are single-quoted for sh, so no character in them is interpreted. */
function renderHook(args: { node: string; runJs: string; chaining: boolean }): string {
  const run = `${shellQuote(args.node)} ${shellQuote(args.runJs)} hook pre-push "$@"`;
  const lines = [
    '#!/bin/sh',
    HOOK_MARKER,
    '# Installed by `specgate hook install`; remove it with `specgate hook uninstall`.',
    '# Gates exactly what is pushed; SPECGATE_SKIP=1 git push ... pushes without gating.',
    'if [ "${SPECGATE_SKIP:-}" = "1" ]; then',
    '  echo "specgate: SPECGATE_SKIP=1, not gating" >&2',
    '  exit 0',
    'fi',
  ];
  if (args.chaining) {
    lines.push(
      '# git writes the pushed refs on stdin once: keep them to give both hooks the same input.',
      'chained="$(dirname "$0")/pre-push.specgate-chained"',
      'stdin_file=$(mktemp "${TMPDIR:-/tmp}/specgate-pre-push.XXXXXX") || exit 1',
      'cat > "$stdin_file"',
      'if [ -x "$chained" ]; then',
      '  "$chained" "$@" < "$stdin_file" || { status=$?; rm -f "$stdin_file"; exit $status; }',
      'fi',
      'exec < "$stdin_file"',
      'rm -f "$stdin_file"',
    );
  }
  lines.push(`exec ${run}`, '');
  return lines.join('\n');
}

function shellQuote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}
