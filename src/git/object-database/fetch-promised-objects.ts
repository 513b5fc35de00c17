import { spawn } from 'node:child_process';
import { UserError } from '../../errors/specgate-error.js';
import type { GitContext } from '../git-context.js';

/**
 * git's variables that point a git process at a repository, an index or objects: a hook or a parent git
 * exports them, and they would send the fetch elsewhere (`git rev-parse --local-env-vars`).
 */
const LOCAL_ENV_VARS = [
  'GIT_ALTERNATE_OBJECT_DIRECTORIES',
  'GIT_CONFIG',
  'GIT_CONFIG_PARAMETERS',
  'GIT_CONFIG_COUNT',
  'GIT_OBJECT_DIRECTORY',
  'GIT_DIR',
  'GIT_WORK_TREE',
  'GIT_IMPLICIT_WORK_TREE',
  'GIT_GRAFT_FILE',
  'GIT_INDEX_FILE',
  'GIT_NO_REPLACE_OBJECTS',
  'GIT_REPLACE_REF_BASE',
  'GIT_PREFIX',
  'GIT_INTERNAL_SUPER_PREFIX',
  'GIT_SHALLOW_FILE',
  'GIT_COMMON_DIR',
];

/**
 * Fetches `oids` from the promisor remote `remote` of a partial clone in one process, as git's own lazy
 * fetch does (`git -c fetch.negotiationAlgorithm=noop fetch <remote> --no-tags --no-write-fetch-head
 * --recurse-submodules=no --filter=blob:none --stdin`, the ids on stdin): the objects arrive as a new
 * promisor pack, found by the next pack listing. Never prompts for credentials.
 *
 * @throws UserError `MISSING_OBJECT` naming the object(s) and the remote when git is not installed or the
 *   fetch fails (the remote is gone, unreachable, or no longer has them).
 */
export async function fetchPromisedObjects(args: {
  ctx: GitContext;
  remote: string;
  oids: string[];
}): Promise<void> {
  const { ctx, remote, oids } = args;
  const env: NodeJS.ProcessEnv = { ...process.env, GIT_TERMINAL_PROMPT: '0' };
  for (const name of LOCAL_ENV_VARS) delete env[name];
  for (const name of Object.keys(env))
    if (name.startsWith('GIT_CONFIG_KEY_') || name.startsWith('GIT_CONFIG_VALUE_')) delete env[name];
  const argv = [
    '--git-dir',
    ctx.gitdir,
    '-c',
    'fetch.negotiationAlgorithm=noop',
    'fetch',
    remote,
    '--no-tags',
    '--no-write-fetch-head',
    '--recurse-submodules=no',
    '--filter=blob:none',
    '--stdin',
  ];
  const named = `${oids.length === 1 ? 'object' : 'objects'} ${oids[0]}${oids.length > 1 ? ` (and ${oids.length - 1} more)` : ''}`;
  const outcome = await new Promise<{ code: number | null; stderr: string; error?: NodeJS.ErrnoException }>(
    (resolve) => {
      const child = spawn('git', argv, { cwd: ctx.gitdir, env, stdio: ['pipe', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr.setEncoding('utf8');
      child.stderr.on('data', (chunk: string) => {
        // The last lines are what tells why; keep a bounded tail.
        stderr = (stderr + chunk).slice(-4096);
      });
      child.on('error', (error: NodeJS.ErrnoException) => resolve({ code: null, stderr, error }));
      child.on('close', (code) => resolve({ code, stderr }));
      // A fetch that dies early closes its stdin: the error is reported by 'close', not by the write.
      child.stdin.on('error', () => undefined);
      child.stdin.end(oids.map((oid) => `${oid}\n`).join(''));
    },
  );
  if (outcome.error?.code === 'ENOENT') {
    throw new UserError(
      'MISSING_OBJECT',
      `${named} of this partial clone must be fetched from its promisor remote '${remote}', but git is not installed`,
    );
  }
  if (outcome.error || outcome.code !== 0) {
    const why = outcome.error?.message ?? lastLine(outcome.stderr) ?? `git fetch exited with ${outcome.code}`;
    throw new UserError(
      'MISSING_OBJECT',
      `${named} of this partial clone could not be fetched from its promisor remote '${remote}': ${why}`,
    );
  }
}

function lastLine(text: string): string | undefined {
  const lines = text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  return lines.at(-1);
}
