import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { GitContext } from '../../../../../src/git/git-context.js';
import { openGitContext } from '../../../../../src/git/open-git-context.js';

/** A bare repository in a temporary directory, and native git run against it with a fixed environment. */
export interface Sandbox {
  gitdir: string;
  ctx: GitContext;
  /** Runs native git in the repository; returns exit status and output (never throws on a status). */
  git(args: string[], input?: Buffer | string): { status: number; stdout: string; stderr: string };
  /** Removes the temporary directory. */
  remove(): void;
}

/**
 * Creates a sandbox repository. Git runs with no system or global configuration (so merges use git's
 * defaults, which is what specgate models) and with fixed identities and dates (so ids are stable).
 */
export function createSandbox(): Sandbox {
  const gitdir = fs.mkdtempSync(path.join(os.tmpdir(), 'specgate-merge-'));
  const env = {
    PATH: process.env.PATH,
    HOME: gitdir,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_AUTHOR_NAME: 't',
    GIT_AUTHOR_EMAIL: 't@t',
    GIT_COMMITTER_NAME: 't',
    GIT_COMMITTER_EMAIL: 't@t',
    GIT_AUTHOR_DATE: '1700000000 +0000',
    GIT_COMMITTER_DATE: '1700000000 +0000',
  };
  const run = (args: string[], input?: Buffer | string) => {
    const result = spawnSync('git', args, { cwd: gitdir, env, input, maxBuffer: 64 * 1024 * 1024 });
    if (result.error) throw result.error;
    return {
      status: result.status ?? -1,
      stdout: result.stdout.toString(),
      stderr: result.stderr.toString(),
    };
  };
  const init = run(['init', '--quiet', '--bare', '--template=', gitdir]);
  if (init.status !== 0) throw new Error(init.stderr);
  // Keep every imported object loose, as a working repository mostly has them.
  run(['config', 'fastimport.unpackLimit', '1000000']);
  return {
    gitdir,
    ctx: openGitContext({ fs, gitdir, objectsDir: path.join(gitdir, 'objects') }),
    git: run,
    remove: () => fs.rmSync(gitdir, { recursive: true, force: true }),
  };
}
