import path from 'node:path';
import { parsePrePushLines, type PushedRef } from '../core/hook/parse-pre-push-lines.js';
import type { ChangeResult, PipelineResult } from '../core/types.js';
import { UserError } from '../errors/specgate-error.js';
import type { Adapters, Repository } from './adapters.js';

/** What `gatePush` hands to the check: what `specgate check -t TARGET CHANGE...` would be given. */
export interface PushGateRequest {
  cwd: string;
  configFile?: string;
  /** `<remote>/<target>` when this repository has seen the remote's target branch, else `<target>`. */
  target: string;
  changes: string[];
}

/** A pushed ref the hook does not check, and why. */
export interface SkippedRef {
  /** The ref on the remote the push updates (`refs/tags/v1.2.0`). */
  remoteRef: string;
  reason: 'tag' | 'deletion' | 'not a branch' | 'target';
}

/** A pushed branch and what its check said. */
export interface CheckedBranch {
  /** The change checked: the local ref's short name when it still names the pushed commit, else its id. */
  change: string;
  localRef: string;
  localSha: string;
  remoteRef: string;
  /** The refspec that pushes this branch again, exactly: `feature-a`, or `<source>:<remote ref>`; `+`
   * first when the push is forced. */
  refspec: string;
  result: ChangeResult;
}

/** What `gatePush` did: nothing to check (and why), or each pushed branch's result. */
export type GatePushOutcome =
  | { gated: false; reason: string; skipped: SkippedRef[] }
  | {
      gated: true;
      target: string;
      /** The changes checked, one per pushed branch (a commit pushed to two branches is checked once). */
      changes: string[];
      skipped: SkippedRef[];
      branches: CheckedBranch[];
      /** Whether some pushed branch failed: the push is refused. */
      refused: boolean;
      /** When refused and some branch passed: the `git push` that sends only the branches that passed. */
      pushPassed?: string;
      result: PipelineResult;
    };

/**
 * The pre-push hook's use case. Reads git's pre-push lines (`stdin`) and checks each pushed branch
 * (`refs/heads/*`) on its own — on the remote's target as this repository last saw it
 * (`refs/remotes/<remote>/<target>`, else the local `<target>`, which `note` reports) plus its own
 * dependencies, never on top of another pushed branch — by calling `check`, the same code path as
 * `specgate check`. Tags, deletions, other refs and pushes to the target branch itself (target: `target`,
 * else config `target`, else main) are skipped, each reported in one line through `note`. When a branch
 * fails, the outcome is `refused` and, if some branch passed, carries the `git push <remote> <refspec>...`
 * that sends only those.
 */
export async function gatePush(args: {
  cwd: string;
  configFile?: string;
  target?: string;
  remote: string;
  stdin: string;
  check: (request: PushGateRequest) => Promise<PipelineResult>;
  note: (text: string) => void;
  adapters: Pick<Adapters, 'git' | 'config'>;
}): Promise<GatePushOutcome> {
  const { refs, malformed } = parsePrePushLines(args.stdin);
  if (malformed.length > 0) {
    throw new UserError(
      'BAD_USAGE',
      `not a pre-push line (expected "<local ref> <local sha> <remote ref> <remote sha>"): ${malformed[0]}`,
      {
        suggestion: 'specgate hook pre-push is run by git with the pushed refs on standard input',
      },
    );
  }
  const repository = args.adapters.git.open({ cwd: args.cwd });
  const root = repository.dir ?? repository.gitdir;
  const config = await args.adapters.config.read({
    cwd: path.resolve(args.cwd),
    repoRoot: root,
    file: args.configFile,
  });
  const targetBranch = args.target ?? config.target ?? 'main';

  const skipped: SkippedRef[] = [];
  const pushed: PushedRef[] = [];
  for (const ref of refs) {
    const reason = skipReason(ref, targetBranch);
    if (reason === undefined) pushed.push(ref);
    else {
      skipped.push({ remoteRef: ref.remoteRef, reason });
      args.note(skipLine(ref.remoteRef, reason, targetBranch));
    }
  }
  if (pushed.length === 0) {
    const reason =
      refs.length === 0 ? 'nothing to check: no refs pushed' : 'nothing to check: no branch pushed';
    return { gated: false, reason, skipped };
  }

  const remoteTarget = `${args.remote}/${targetBranch}`;
  let target = remoteTarget;
  if (repository.resolveRefName(`refs/remotes/${remoteTarget}`) === undefined) {
    target = targetBranch;
    args.note(
      `refs/remotes/${remoteTarget} not found (never fetched?): checking on the local ${targetBranch} instead`,
    );
  }
  const named = pushed.map((ref) => ({ ref, ...sourceName(repository, ref) }));
  const changes = [...new Set(named.map(({ change }) => change))];
  const result = await args.check({ cwd: args.cwd, configFile: args.configFile, target, changes });

  const verdicts = new Map(result.changes.filter((c) => c.pulledIn !== true).map((c) => [c.id, c.result]));
  const branches: CheckedBranch[] = [];
  for (const { ref, change, source } of named) {
    branches.push({
      change,
      localRef: ref.localRef,
      localSha: ref.localSha,
      remoteRef: ref.remoteRef,
      refspec: `${(await isForced(repository, ref)) ? '+' : ''}${refspec(source, ref.remoteRef)}`,
      // A pushed change always gets a verdict; a failure rather than a pass should one ever be missing.
      result: verdicts.get(change) ?? 'FAILURE',
    });
  }
  const passed = branches.filter((branch) => branch.result === 'SUCCESS');
  const refused = passed.length < branches.length;
  const pushPassed =
    refused && passed.length > 0
      ? ['git', 'push', shellWord(args.remote), ...passed.map((b) => shellWord(b.refspec))].join(' ')
      : undefined;
  return { gated: true, target, changes, skipped, branches, refused, pushPassed, result };
}

function skipReason(ref: PushedRef, target: string): SkippedRef['reason'] | undefined {
  if (ref.deletion) return 'deletion';
  if (ref.remoteRef.startsWith('refs/tags/')) return 'tag';
  if (!ref.remoteRef.startsWith('refs/heads/')) return 'not a branch';
  if (ref.remoteRef === `refs/heads/${target}`) return 'target';
  return undefined;
}

function skipLine(remoteRef: string, reason: SkippedRef['reason'], target: string): string {
  const why = {
    tag: 'a tag',
    deletion: 'a deletion',
    'not a branch': 'not a branch',
    target: `the target branch ${target} itself`,
  }[reason];
  return `skipped ${remoteRef}: ${why}, not checked`;
}

/**
 * How to name a pushed commit: `change` for the check (the local ref's short name if it still names it, else
 * the commit id) and `source` for a refspec (the same, but the full ref where the short name is ambiguous).
 */
function sourceName(
  repository: Pick<Repository, 'resolveRefName'>,
  ref: PushedRef,
): { change: string; source: string } {
  const short = ref.localRef.replace(/^refs\/(?:heads|tags|remotes)\//, '');
  for (const candidate of [short, ref.localRef]) {
    if (repository.resolveRefName(candidate) === ref.localSha)
      return { change: candidate, source: candidate };
  }
  return { change: ref.localSha, source: ref.localSha };
}

/**
 * Whether git is pushing `ref` by force: the remote's commit is not an ancestor of the pushed one (or is not
 * here at all, which git refuses without force). git checks fast-forwards before it runs the hook, so a
 * non-fast-forward line is a forced push, and the refspec that repeats it needs its `+`.
 */
async function isForced(
  repository: Pick<Repository, 'hasCommitAndTree' | 'compareHistories'>,
  ref: PushedRef,
): Promise<boolean> {
  if (ref.creation) return false;
  if (!(await repository.hasCommitAndTree(ref.remoteSha))) return true;
  try {
    const { mergeBases } = await repository.compareHistories(ref.localSha, ref.remoteSha);
    return !mergeBases.includes(ref.remoteSha);
  } catch {
    // History hidden by a shallow clone: print the plain refspec, which git refuses if it must be forced.
    return false;
  }
}

/** `feature-a` when the branch is pushed to its namesake, else `<source>:<remote ref>`. */
function refspec(source: string, remoteRef: string): string {
  return remoteRef === `refs/heads/${source}` ? source : `${source}:${remoteRef}`;
}

/** A word for sh: as it is when it holds nothing sh would interpret, else single-quoted. */
function shellWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}
