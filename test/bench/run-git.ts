import { spawnSync } from 'node:child_process';

/** The environment every native git the benchmark runs gets: fixed identity and dates, no user config. */
export const GIT_ENV: NodeJS.ProcessEnv = {
  ...process.env,
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_OPTIONAL_LOCKS: '0',
  GIT_AUTHOR_NAME: 'Bench Author',
  GIT_AUTHOR_EMAIL: 'author@example.com',
  GIT_AUTHOR_DATE: '1900000000 +0000',
  GIT_COMMITTER_NAME: 'Bench Committer',
  GIT_COMMITTER_EMAIL: 'committer@example.com',
  GIT_COMMITTER_DATE: '1900000000 +0000',
};

/**
 * Runs native git synchronously in `cwd` and returns its exit status and stdout. Throws, with git's
 * stderr, when the status is not one of `okStatuses` (default: only 0).
 */
export function runGit(
  cwd: string,
  args: string[],
  options: { input?: string | Buffer; okStatuses?: number[]; stdin?: number } = {},
): { status: number; stdout: string } {
  const result = spawnSync('git', args, {
    cwd,
    env: GIT_ENV,
    input: options.input,
    stdio: [options.stdin ?? 'pipe', 'pipe', 'pipe'],
    maxBuffer: 1 << 30,
    encoding: 'utf8',
  });
  if (result.error) throw result.error;
  const status = result.status ?? -1;
  if (!(options.okStatuses ?? [0]).includes(status)) {
    throw new Error(
      `git ${args.join(' ')} (in ${cwd}) exited with ${status ?? result.signal}: ${result.stderr.trim()}`,
    );
  }
  return { status, stdout: result.stdout };
}
