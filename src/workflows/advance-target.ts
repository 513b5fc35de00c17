import path from 'node:path';
import { readConfig } from '../config/read-config.js';
import type { AdvanceOutcome, PipelineResult } from '../core/types.js';
import { UserError } from '../errors/specgate-error.js';
import { fastForwardWorktree } from '../git/fast-forward-worktree.js';
import type { GitContext } from '../git/git-context.js';
import { openRepository } from '../git/open-repository.js';
import { resolveRefName } from '../git/refs/resolve-ref-name.js';
import { updateRefIf } from '../git/update-ref-if.js';

/** What `gate --merge` / `--tag` asked for. */
export interface AdvanceOptions {
  cwd: string;
  configFile?: string;
  /** `--target`, as given (default: config `target`, else main). */
  target?: string;
  merge: boolean;
  tag?: string;
}

/**
 * `gate --merge` / `--tag`, in two steps. Called before the gate, it checks everything it can (the target
 * is a local branch, the tag does not exist, a checked-out target has a clean working tree) and throws a
 * user error (exit 2) before any job runs. It returns the step to call with the gate's result: that moves
 * the target branch to the speculative commit of the last accepted change, by compare-and-swap against the
 * sha the gate started from (and fast-forwards the working tree when the target is checked out), then
 * creates the tag there. Without `merge` and `tag`, both steps do nothing.
 */
export async function advanceTarget(options: AdvanceOptions): Promise<(result: PipelineResult) => Promise<AdvanceOutcome>> {
  if (!options.merge && options.tag === undefined) return async () => ({});
  const ctx = openRepository({ cwd: options.cwd });
  const config = await readConfig({ cwd: path.resolve(options.cwd), repoRoot: ctx.dir ?? ctx.gitdir, file: options.configFile });
  const targetName = options.target ?? config.target ?? 'main';
  const branch = options.merge ? localBranch(ctx, targetName) : undefined;
  const tag = options.tag;
  if (tag !== undefined) {
    if (!isValidRefName(`refs/tags/${tag}`)) throw new UserError('BAD_USAGE', `--tag: '${tag}' is not a valid tag name`);
    if (resolveRefName(ctx, `refs/tags/${tag}`)) {
      throw new UserError('BAD_USAGE', `--tag: tag '${tag}' already exists`, { suggestion: 'choose a new tag name' });
    }
  }
  if (branch) assertClean(targetName, (await fastForwardWorktree({ ctx, branch })).blocking);

  return async (result) => {
    const accepted = result.changes.filter((change) => change.result === 'SUCCESS' && change.speculativeSha);
    const last = accepted.at(-1);
    if (!last?.speculativeSha) return { nothingAccepted: true };
    const sha = last.speculativeSha;
    // A fresh context: the run wrote objects and may have raced with other writers; read everything anew.
    const now = openRepository({ cwd: options.cwd });
    const gitdir = path.dirname(now.objectsDir);
    const outcome: AdvanceOutcome = {};
    if (branch) {
      const ref = `refs/heads/${branch}`;
      const from = result.target.sha;
      const done = await fastForwardWorktree({
        ctx: now,
        branch,
        to: sha,
        moveRef: () => updateRefIf({ fs: now.fs, gitdir, ref, expected: from, value: sha, message: 'specgate: gate --merge' }),
      });
      assertClean(targetName, done.blocking);
      const moved = done.moved!;
      if (!moved.updated) {
        const message =
          moved.reason === 'moved'
            ? `${targetName} moved from ${from.slice(0, 12)} to ${(moved.actual ?? '(deleted)').slice(0, 12)} during the gate; nothing merged`
            : `cannot move ${targetName}: ${moved.message}; nothing merged`;
        return { refused: { reason: moved.reason, message } };
      }
      outcome.merged = { ref, from, to: sha, changes: last.includes };
    }
    if (tag !== undefined) {
      const ref = `refs/tags/${tag}`;
      const tagged = updateRefIf({ fs: now.fs, gitdir, ref, expected: undefined, value: sha, message: 'specgate: gate --tag' });
      if (!tagged.updated) {
        const message = tagged.reason === 'moved' ? `tag ${tag} was created during the gate; not tagged` : `cannot create tag ${tag}: ${tagged.message}`;
        return { ...outcome, refused: { reason: tagged.reason, message } };
      }
      outcome.tagged = { ref, name: tag, sha };
    }
    return outcome;
  };
}

/** The local branch `name` denotes (as `git rev-parse` resolves it), or a user error naming what it is. */
function localBranch(ctx: GitContext, name: string): string {
  const short = name.startsWith('refs/heads/') ? name.slice('refs/heads/'.length) : name.startsWith('heads/') ? name.slice('heads/'.length) : name;
  const sha = resolveRefName(ctx, `refs/heads/${short}`);
  if (sha && resolveRefName(ctx, name) === sha) return short;
  const kind = name.startsWith('refs/remotes/') || name.startsWith('remotes/') || resolveRefName(ctx, `refs/remotes/${name}`)
    ? 'a remote-tracking branch'
    : name.startsWith('refs/tags/') || name.startsWith('tags/') || resolveRefName(ctx, `refs/tags/${name}`)
      ? 'a tag'
      : 'not a local branch';
  throw new UserError('BAD_USAGE', `--merge: target '${name}' is ${kind}; --merge only moves a local branch`, {
    suggestion: 'gate against a local branch with --target, or drop --merge',
  });
}

function assertClean(target: string, blocking: string[]): void {
  if (blocking.length === 0) return;
  throw new UserError(
    'BAD_USAGE',
    `the working tree of ${target} has uncommitted changes; commit or stash them, or run --merge from another branch`,
    { suggestion: `blocking: ${blocking.join(', ')}` },
  );
}

/** git's `check-ref-format` rules, for a name specgate is about to create. */
function isValidRefName(ref: string): boolean {
  if (/[\x00-\x20~^:?*[\\\x7f]/.test(ref) || ref.includes('..') || ref.includes('@{') || ref.endsWith('/') || ref.endsWith('.')) return false;
  return ref.split('/').every((part) => part !== '' && !part.startsWith('.') && !part.endsWith('.lock')) && !ref.split('/').at(-1)!.startsWith('-');
}
