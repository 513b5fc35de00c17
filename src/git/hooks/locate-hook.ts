import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readCoreConfig } from '../config/read-core-config.js';
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
  /**
   * The work trees in whose `node_modules/.bin` the hook looks for specgate, in its order: this one, then
   * the main one (from a linked worktree); none for a bare repository.
   */
  projectDirs: string[];
}

/**
 * Finds where the `pre-push` hook of the repository containing `cwd` lives: `core.hooksPath` from the
 * repository's own config file when set (relative paths resolved against the working tree root, as git does;
 * `~/` against the home directory), else the `hooks` directory of the (common) git directory; and the work
 * trees the hook looks for specgate in.
 */
export function locateHook(args: { cwd: string }): HookLocation {
  const ctx = openRepository({ cwd: args.cwd });
  const commonDir = path.dirname(ctx.objectsDir);
  const hooksPath = readCoreConfig({ fs, file: path.join(commonDir, 'config') }).get('hookspath');
  const configured = hooksPath === '' ? undefined : hooksPath;
  let hooksDir: string;
  if (configured === undefined) hooksDir = path.join(commonDir, 'hooks');
  else if (configured === '~' || configured.startsWith('~/'))
    hooksDir = path.join(os.homedir(), configured.slice(1));
  else hooksDir = path.resolve(ctx.dir ?? ctx.gitdir, configured);
  const main = path.basename(commonDir) === '.git' ? path.dirname(commonDir) : undefined;
  const projectDirs = [...new Set([ctx.dir, main].filter((dir) => dir !== undefined))];
  return {
    hooksDir,
    hook: path.join(hooksDir, 'pre-push'),
    chained: path.join(hooksDir, 'pre-push.specgate-chained'),
    fromConfig: configured !== undefined,
    projectDirs,
  };
}
