import path from 'node:path';
import { UserError } from '../errors/specgate-error.js';
import { HOOK_MARKER, isSpecgateHook } from '../core/hook/is-specgate-hook.js';
import type { HookLocation } from '../git/hooks/locate-hook.js';
import type { Adapters } from './adapters.js';

/** What `installHook` did. */
export interface InstallHookOutcome extends HookLocation {
  /** `created`: no hook was there; `updated`: ours was there and is rewritten; `chained`: a foreign hook was
   * kept and now runs first; `replaced`: a foreign hook was overwritten (`--force`). */
  action: 'created' | 'updated' | 'chained' | 'replaced';
  /** Whether the installed hook runs a chained foreign hook first. */
  chaining: boolean;
  /** The specgate the hook would run now (in a project's `node_modules/.bin`, else on `PATH`), if any. */
  runs?: string;
}

/**
 * Writes specgate's executable `pre-push` hook into the directory git runs hooks from (see `locateHook`).
 * The hook is portable — a POSIX sh script with no absolute path in it, so it can be committed and shared
 * (`core.hooksPath`, husky, lefthook): it runs the `specgate` of the work tree's `node_modules/.bin`, else
 * of the main work tree's (from a linked worktree), else the one on `PATH`, as `specgate hook pre-push "$@"`
 * with git's standard input; when none is found it says so and how to install it, and fails (a hook that
 * let the push through unchecked would pass for a check). It exits 0 at once when `SPECGATE_SKIP=1`. A
 * foreign `pre-push` already there is kept and chained (renamed `pre-push.specgate-chained`, run first with
 * the same arguments and standard input; a failure stops the push) unless `force`, which overwrites it.
 * Installing again over ours is idempotent, and rewrites an older specgate hook in this portable form.
 * The outcome says which specgate the hook would run now (`runs`, looked up in `searchPath`, the hook's
 * `PATH`), so that a hook that would fail every push can be warned of. Throws a `BAD_USAGE` user error
 * when a foreign hook is there and an earlier chained one would be lost.
 */
export function installHook(args: {
  cwd: string;
  force: boolean;
  /** The `PATH` the hook will search (the installing shell's). */
  searchPath?: string;
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
  files.writeText(temporary, renderHook({ chaining }), { mode: 0o755 });
  files.chmod(temporary, 0o755);
  files.rename(temporary, hook);
  return { ...location, action, chaining, runs: findSpecgate(location.projectDirs, args.searchPath, files) };
}

/** The specgate the hook would run: the first project's `node_modules/.bin/specgate`, else the first on PATH. */
function findSpecgate(
  projectDirs: string[],
  searchPath: string | undefined,
  files: Pick<Adapters['files'], 'exists'>,
): string | undefined {
  const onPath = (searchPath ?? '').split(':').filter((dir) => dir.startsWith('/'));
  const candidates = [
    ...projectDirs.map((dir) => path.join(dir, 'node_modules', '.bin', 'specgate')),
    ...onPath.map((dir) => path.join(dir, 'specgate')),
  ];
  return candidates.find((file) => files.exists(file));
}

/** The hook script: POSIX sh, no absolute paths. */
function renderHook(args: { chaining: boolean }): string {
  const lines = [
    '#!/bin/sh',
    HOOK_MARKER,
    '# Installed by `specgate hook install`; remove it with `specgate hook uninstall`. It holds no absolute',
    '# path: commit it and share it (core.hooksPath, husky, lefthook).',
    '# Checks each pushed branch; SPECGATE_SKIP=1 git push ... pushes without checking.',
    'if [ "${SPECGATE_SKIP:-}" = "1" ]; then',
    '  echo "specgate: SPECGATE_SKIP=1, not gating" >&2',
    '  exit 0',
    'fi',
    '# specgate of this work tree (npm install -D), else of the main work tree (from a linked worktree),',
    '# else on PATH; none: fail, since letting the push through unchecked would pass for a check.',
    'top=$(git rev-parse --show-toplevel 2>/dev/null </dev/null) || top=',
    'common=$(git rev-parse --path-format=absolute --git-common-dir 2>/dev/null </dev/null) || common=',
    'if [ -n "$top" ] && [ -x "$top/node_modules/.bin/specgate" ]; then',
    '  specgate="$top/node_modules/.bin/specgate"',
    'elif [ "${common##*/}" = ".git" ] && [ -x "${common%/.git}/node_modules/.bin/specgate" ]; then',
    '  specgate="${common%/.git}/node_modules/.bin/specgate"',
    'elif command -v specgate >/dev/null 2>&1; then',
    '  specgate=specgate',
    'else',
    `  echo "${NOT_FOUND}" >&2`,
    '  exit 1',
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
  lines.push('exec "$specgate" hook pre-push "$@"', '');
  return lines.join('\n');
}

const NOT_FOUND =
  'specgate: not found in node_modules/.bin or on PATH; install it (npm install -D specgate), ' +
  'or push once unchecked with SPECGATE_SKIP=1 git push';
