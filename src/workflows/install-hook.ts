import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { UserError } from '../errors/specgate-error.js';
import { openRepository } from '../git/open-repository.js';

/** The comment line that marks a `pre-push` hook as specgate's own. */
export const HOOK_MARKER = '# specgate pre-push hook';

/** Where the pre-push hook of a repository lives, and where a foreign hook it chains is kept. */
export interface HookLocation {
  /** The directory git runs hooks from: `core.hooksPath`, else `<gitdir>/hooks`. */
  hooksDir: string;
  /** `<hooksDir>/pre-push`. */
  hook: string;
  /** `<hooksDir>/pre-push.specgate-chained`: the foreign hook ours runs first. */
  chained: string;
  /** Whether `hooksDir` comes from `core.hooksPath`. */
  fromConfig: boolean;
}

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
export function installHook(args: { cwd: string; force: boolean; node: string; runJs: string }): InstallHookOutcome {
  const location = locateHook({ cwd: args.cwd });
  const { hook, chained } = location;
  const existing = readIfExists(hook);
  let action: InstallHookOutcome['action'];
  if (existing === undefined) action = 'created';
  else if (isOurs(existing)) action = 'updated';
  else if (args.force) action = 'replaced';
  else {
    if (exists(chained)) {
      throw new UserError('BAD_USAGE', `cannot chain the pre-push hook ${hook}: ${chained} already exists`, {
        suggestion: 'move one of them away, or pass --force to overwrite the pre-push hook',
      });
    }
    fs.renameSync(hook, chained);
    action = 'chained';
  }
  const chaining = exists(chained);
  fs.mkdirSync(location.hooksDir, { recursive: true });
  // Write then rename, so git never runs a half-written hook.
  const temporary = `${hook}.specgate-${process.pid}.tmp`;
  fs.writeFileSync(temporary, renderHook({ node: args.node, runJs: args.runJs, chaining }), { mode: 0o755 });
  fs.chmodSync(temporary, 0o755);
  fs.renameSync(temporary, hook);
  return { ...location, action, chaining };
}

/**
 * Finds where the `pre-push` hook of the repository containing `cwd` lives: `core.hooksPath` from the
 * repository's own config file when set (relative paths resolved against the working tree root, as git does;
 * `~/` against the home directory), else the `hooks` directory of the (common) git directory.
 */
export function locateHook(args: { cwd: string }): HookLocation {
  const ctx = openRepository({ cwd: args.cwd });
  const commonDir = path.dirname(ctx.objectsDir);
  const configured = readHooksPath(path.join(commonDir, 'config'));
  let hooksDir: string;
  if (configured === undefined) hooksDir = path.join(commonDir, 'hooks');
  else if (configured === '~' || configured.startsWith('~/')) hooksDir = path.join(os.homedir(), configured.slice(1));
  else hooksDir = path.resolve(ctx.dir ?? ctx.gitdir, configured);
  return {
    hooksDir,
    hook: path.join(hooksDir, 'pre-push'),
    chained: path.join(hooksDir, 'pre-push.specgate-chained'),
    fromConfig: configured !== undefined,
  };
}

/** Whether the text of a hook is specgate's own. */
export function isOurs(text: string): boolean {
  return text.split('\n').some((line) => line.trim() === HOOK_MARKER);
}

/** `core.hooksPath` from a git config file: a simple INI read, the last value winning, as git's does. */
function readHooksPath(file: string): string | undefined {
  const text = readIfExists(file);
  if (text === undefined) return undefined;
  let section = '';
  let value: string | undefined;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    const header = /^\[\s*([^\]\s"]+)(?:\s+"[^"]*")?\s*\]/.exec(line);
    if (header) {
      section = header[1].toLowerCase();
      continue;
    }
    if (section !== 'core') continue;
    const entry = /^hookspath\s*=\s*(.*)$/i.exec(line);
    if (entry) value = unquote(entry[1]);
  }
  return value === '' ? undefined : value;
}

/** A config value: surrounding double quotes removed, a trailing comment dropped, escapes undone. */
function unquote(value: string): string {
  let out = '';
  let quoted = false;
  for (let i = 0; i < value.length; i++) {
    const char = value[i];
    if (char === '"') quoted = !quoted;
    else if (char === '\\' && i + 1 < value.length) out += value[++i];
    else if (!quoted && (char === '#' || char === ';')) break;
    else out += char;
  }
  return out.trim();
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

function readIfExists(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

function exists(file: string): boolean {
  try {
    fs.lstatSync(file);
    return true;
  } catch {
    return false;
  }
}
