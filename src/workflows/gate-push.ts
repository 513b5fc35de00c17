import path from 'node:path';
import { parsePrePushLines, type PushedRef } from '../core/parse-pre-push-lines.js';
import type { PipelineResult } from '../core/types.js';
import { UserError } from '../errors/specgate-error.js';
import type { Adapters, Repository } from './adapters.js';

/** The queue `gatePush` hands to the gate: what `specgate gate -t TARGET CHANGE...` would be given. */
export interface PushGateRequest {
  cwd: string;
  configFile?: string;
  /** `<remote>/<target>` when this repository has seen the remote's target branch, else `<target>`. */
  target: string;
  changes: string[];
}

/** What `gatePush` did: nothing to gate (and why), or the gate's result. */
export type GatePushOutcome =
  | { gated: false; reason: string }
  | { gated: true; target: string; changes: string[]; result: PipelineResult };

/**
 * The pre-push hook's use case. Reads git's pre-push lines (`stdin`), skips deletions and pushes to the
 * target branch itself (`refs/heads/<target>`; target: `target`, else config `target`, else main), and gates
 * the pushed local commits, in push order, onto the remote's target as this repository last saw it
 * (`refs/remotes/<remote>/<target>`, else the local `<target>`, which `note` reports) by calling `gate` —
 * the same code path as `specgate gate`. Each change is named by its local ref's short name (`feature-a`)
 * when that still names the pushed commit, else by the commit's id.
 */
export async function gatePush(args: {
  cwd: string;
  configFile?: string;
  target?: string;
  remote: string;
  stdin: string;
  gate: (request: PushGateRequest) => Promise<PipelineResult>;
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

  const gated = refs.filter((ref) => !ref.deletion && ref.remoteRef !== `refs/heads/${targetBranch}`);
  if (gated.length === 0) {
    return { gated: false, reason: nothingToGate(refs, targetBranch) };
  }
  const changes = [...new Set(gated.map((ref) => changeName(repository, ref)))];

  const remoteTarget = `${args.remote}/${targetBranch}`;
  let target = remoteTarget;
  if (repository.resolveRefName(`refs/remotes/${remoteTarget}`) === undefined) {
    target = targetBranch;
    args.note(
      `refs/remotes/${remoteTarget} not found (never fetched?): gating onto the local ${targetBranch} instead`,
    );
  }
  const result = await args.gate({ cwd: args.cwd, configFile: args.configFile, target, changes });
  return { gated: true, target, changes, result };
}

/** The spec naming a pushed commit: the local ref's short name if it still names it, else the commit id. */
function changeName(repository: Pick<Repository, 'resolveRefName'>, ref: PushedRef): string {
  const short = ref.localRef.replace(/^refs\/(?:heads|tags|remotes)\//, '');
  for (const candidate of [short, ref.localRef]) {
    if (repository.resolveRefName(candidate) === ref.localSha) return candidate;
  }
  return ref.localSha;
}

function nothingToGate(refs: PushedRef[], target: string): string {
  if (refs.length === 0) return 'nothing to gate: no refs pushed';
  const deletions = refs.filter((ref) => ref.deletion).length;
  const parts = [
    ...(deletions > 0 ? [`${deletions} deletion${deletions === 1 ? '' : 's'}`] : []),
    ...(deletions < refs.length ? [`a push to the target branch ${target}`] : []),
  ];
  return `nothing to gate: the push holds only ${parts.join(' and ')}`;
}
