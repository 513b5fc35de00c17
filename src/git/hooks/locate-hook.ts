import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openRepository } from '../open-repository.js';

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

function readIfExists(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}
