import type * as nodeFs from 'node:fs';
import { parseGitConfig } from './parse-git-config.js';

/**
 * The `[core]` variables of one git config file, by lower-cased name (`worktree`, `bare`, `hookspath`,
 * `logallrefupdates`), the last value winning, read with git's syntax (`parseGitConfig`): a bare name (no
 * `=`) is `'true'`. A missing or unreadable file has none, as git reads it; a line git does not parse
 * throws (`BAD_GIT_CONFIG`), as git dies on it. `include` directives are not followed.
 */
export function readCoreConfig(args: { fs: typeof nodeFs; file: string }): Map<string, string> {
  let text: string;
  try {
    text = args.fs.readFileSync(args.file, 'utf8');
  } catch {
    return new Map();
  }
  const core = new Map<string, string>();
  for (const { key, value } of parseGitConfig(text, args.file)) {
    const name = /^core\.([^.]+)$/.exec(key)?.[1];
    if (name !== undefined) core.set(name, value ?? 'true');
  }
  return core;
}
