import path from 'node:path';
import { homeCheckout } from '../core/queue/speculative-state.js';
import { verdictState } from '../core/queue/verdict-state.js';
import type { AdvanceOutcome, PipelineResult } from '../core/types.js';
import { UserError } from '../errors/specgate-error.js';
import type { RefUpdate } from '../git/refs/update-ref-if.js';
import type { Adapters, Repository } from './adapters.js';
import { homeProject } from './home-project.js';

/** What `gate --merge` / `--tag` asked for. */
export interface AdvanceOptions {
  cwd: string;
  configFile?: string;
  /** `--target`, as given (default: config `target`, else main). */
  target?: string;
  merge: boolean;
  tag?: string;
  /**
   * Aborted by Ctrl-C: nothing is moved or tagged once it fires, unless the move is already under way; what
   * it stopped comes back as `refused` with the reason `interrupted`, for the caller to exit 130.
   */
  signal?: AbortSignal;
  adapters: Pick<Adapters, 'git' | 'config'>;
}

/**
 * `gate --merge` / `--tag`, in two steps. Called before the gate, it checks everything it can (the target
 * is a local branch, the tag name is valid, the target is not checked out in another working tree, a
 * checkout of it here is clean) and throws a user error (exit 2) before any job runs. It returns the step
 * to call with the gate's result, a transaction (see `fastForwardWorktree`): every check again (the target
 * still where the gate started, the tag absent or already on the same commit, the checkout clean, no
 * untracked file in the way), then the working tree and index, then the ref, then the tag. When the target
 * already holds the last accepted state nothing moves (`upToDate`). A merge or tag that cannot be carried
 * out changes nothing and comes back as `refused`, for the caller to report and exit 2 (130 when an
 * interrupt stopped it). Without `merge` and `tag`, both steps do nothing.
 */
export async function advanceTarget(
  options: AdvanceOptions,
): Promise<(result: PipelineResult) => Promise<AdvanceOutcome>> {
  if (!options.merge && options.tag === undefined) return async () => ({});
  const { git } = options.adapters;
  const repository = git.open({ cwd: options.cwd });
  const root = repository.dir ?? repository.gitdir;
  const config = await options.adapters.config.read({
    cwd: path.resolve(options.cwd),
    repoRoot: root,
    file: options.configFile,
  });
  const targetName = options.target ?? config.target ?? 'main';
  const branch = options.merge ? localBranch(repository, targetName) : undefined;
  const wantedTag = options.tag;
  if (wantedTag !== undefined && !isValidRefName(`refs/tags/${wantedTag}`))
    throw new UserError('BAD_USAGE', `--tag: '${wantedTag}' is not a valid tag name`);
  if (branch) {
    const start = repository.resolveRefName(`refs/heads/${branch}`)!;
    const check = await repository.fastForwardWorktree({ branch, from: start, signal: options.signal });
    if (check.status === 'refused' && check.reason !== 'interrupted') {
      throw new UserError('MERGE_REFUSED', `--merge: ${check.message}; nothing was run`, {
        suggestion: check.suggestion ?? 'clean up and run again',
      });
    }
  }
  const home = homeProject(repository);
  await repository.close();

  return async (result) => {
    // A release tag names a state where every candidate passed: with one rejected, no tag at all.
    const rejected = result.changes.filter((change) => change.result !== 'SUCCESS').map((c) => c.id);
    const notTagged =
      wantedTag !== undefined && rejected.length > 0 ? { name: wantedTag, rejected } : undefined;
    const tag = notTagged ? undefined : wantedTag;
    const withNotTagged = (outcome: AdvanceOutcome): AdvanceOutcome =>
      notTagged ? { ...outcome, notTagged } : outcome;
    const accepted = result.changes.flatMap((change) => {
      const state = change.result === 'SUCCESS' ? verdictState(change, home) : undefined;
      return state ? [{ change, state }] : [];
    });
    const last = accepted.at(-1);
    if (!last) return withNotTagged({ nothingAccepted: true });
    // The target moves to the home project's commit in the last accepted state.
    const sha = homeCheckout(last.state).sha;
    // A fresh context: the run wrote objects and may have raced with other writers (a `git gc` packing
    // them, a push moving the target); read everything anew.
    const now = git.open({ cwd: options.cwd });
    const tagRef = tag === undefined ? undefined : `refs/tags/${tag}`;
    let alreadyTagged: AdvanceOutcome['alreadyTagged'];
    if (tag !== undefined && tagRef) {
      const there = now.readRefNow(tagRef);
      if (there === sha) alreadyTagged = { ref: tagRef, name: tag, sha };
      else if (there !== undefined) {
        const message = `tag ${tag} already exists at ${there.slice(0, 12)}, not at ${sha.slice(0, 12)}; nothing ${branch ? 'merged or ' : ''}tagged`;
        return { refused: { reason: 'tag-exists', message, paths: [tagRef] } };
      }
    }
    const outcome: AdvanceOutcome = withNotTagged(alreadyTagged ? { alreadyTagged } : {});
    // What an interrupt that came before the move stopped: never a silent success with nothing moved.
    const interrupted = (): AdvanceOutcome => {
      const tagToo = tag !== undefined && !alreadyTagged;
      const message = branch
        ? `interrupted before --merge; ${branch} was not moved${tagToo ? ` and ${tag} not tagged` : ''}`
        : `interrupted before --tag; ${tag} was not created`;
      return { ...outcome, refused: { reason: 'interrupted', message, paths: [] } };
    };
    let tagError: AdvanceOutcome['refused'];
    const createTag = (): void => {
      if (tag === undefined || !tagRef || alreadyTagged) return;
      let tagged: RefUpdate;
      try {
        tagged = now.updateRefIf({
          ref: tagRef,
          expected: undefined,
          value: sha,
          message: 'specgate: gate --tag',
        });
      } catch (error) {
        // Runs right after the branch moved: a tag that cannot be written must not hide that the merge happened.
        tagError = {
          reason: 'failed',
          message: `cannot create tag ${tag}: ${(error as Error).message.split('\n')[0]}`,
          paths: [tagRef],
        };
        return;
      }
      if (tagged.updated) outcome.tagged = { ref: tagRef, name: tag, sha };
      else {
        const message =
          tagged.reason === 'moved'
            ? `tag ${tag} was created by someone else during the run; not tagged`
            : `cannot create tag ${tag}: ${tagged.message}`;
        tagError = { reason: tagged.reason, message, paths: [tagRef] };
      }
    };

    if (!branch) {
      if (options.signal?.aborted && !alreadyTagged) return interrupted();
      createTag();
      return tagError ? { ...outcome, refused: tagError } : outcome;
    }
    const ref = `refs/heads/${branch}`;
    const from = result.target.sha;
    if (sha === from) {
      const actual = now.readRefNow(ref);
      if (actual !== from) {
        const message = `${targetName} moved from ${from.slice(0, 12)} to ${(actual ?? '(deleted)').slice(0, 12)} during the gate; nothing merged`;
        return { refused: { reason: 'moved', message, paths: [ref] } };
      }
      if (options.signal?.aborted && tag !== undefined && !alreadyTagged) return interrupted();
      createTag();
      return { ...outcome, upToDate: { ref, sha }, ...(tagError ? { refused: tagError } : {}) };
    }
    const done = await now.fastForwardWorktree({
      branch,
      from,
      to: sha,
      message: 'specgate: gate --merge',
      signal: options.signal,
      andThen: createTag,
    });
    if (done.status === 'refused') {
      if (done.reason === 'interrupted') return interrupted();
      const nothing = tag === undefined || alreadyTagged ? 'nothing merged' : 'nothing merged or tagged';
      const refused = { reason: done.reason, message: `${done.message}; ${nothing}`, paths: done.paths };
      return {
        refused: { ...refused, ...(done.suggestion !== undefined && { suggestion: done.suggestion }) },
      };
    }
    if (done.status === 'moved') {
      outcome.merged = { ref, from, to: sha, changes: last.change.includes };
      if (done.signals.length > 0) outcome.deferredSignals = done.signals;
    }
    return tagError ? { ...outcome, refused: tagError } : outcome;
  };
}

/** The local branch `name` denotes (as `git rev-parse` resolves it), or a user error naming what it is. */
function localBranch(repository: Pick<Repository, 'resolveRefName'>, name: string): string {
  const resolveRefName = (ref: string) => repository.resolveRefName(ref);
  const short = name.startsWith('refs/heads/')
    ? name.slice('refs/heads/'.length)
    : name.startsWith('heads/')
      ? name.slice('heads/'.length)
      : name;
  const sha = resolveRefName(`refs/heads/${short}`);
  if (sha && resolveRefName(name) === sha) return short;
  const kind =
    name.startsWith('refs/remotes/') || name.startsWith('remotes/') || resolveRefName(`refs/remotes/${name}`)
      ? 'a remote-tracking branch'
      : name.startsWith('refs/tags/') || name.startsWith('tags/') || resolveRefName(`refs/tags/${name}`)
        ? 'a tag'
        : 'not a local branch';
  throw new UserError(
    'BAD_USAGE',
    `--merge: target '${name}' is ${kind}; --merge only moves a local branch`,
    {
      suggestion: 'gate against a local branch with --target, or drop --merge',
    },
  );
}

/** git's `check-ref-format` rules, for a name specgate is about to create. */
function isValidRefName(ref: string): boolean {
  if (
    /[\x00-\x20~^:?*[\\\x7f]/.test(ref) ||
    ref.includes('..') ||
    ref.includes('@{') ||
    ref.endsWith('/') ||
    ref.endsWith('.')
  )
    return false;
  return (
    ref.split('/').every((part) => part !== '' && !part.startsWith('.') && !part.endsWith('.lock')) &&
    !ref.split('/').at(-1)!.startsWith('-')
  );
}
