import { isChangeSpec } from '../core/changes/is-change-spec.js';
import { orderQueue, type UnorderedChange } from '../core/queue/order-queue.js';
import { parseDependsOn } from '../core/changes/parse-depends-on.js';
import type { PipelineInput, PlannedChange } from '../core/queue/pipeline-types.js';
import { UserError } from '../errors/specgate-error.js';
import type { Repository } from './adapters.js';

/**
 * The queue ready for a pipeline: target resolved, dependencies found, changes in merge order. The base
 * state is not in it: `targetStateOf` builds it from the target.
 */
export type ResolvedQueue = Omit<PipelineInput, 'ops' | 'base'>;

interface Discovered {
  id: string;
  sha: string;
  pulledIn: boolean;
  /** Commit ids this change brings (not in the target). */
  commits: Set<string>;
  footers: Array<{ spec: string; commit: string; subject: string }>;
}

/**
 * A `Depends-On:` footer whose value is not one change: the dependency would be lost, and the change
 * tested alone, if it were skipped. Names the commit (short id and subject) and the value.
 */
function badFooter(change: string, commit: { oid: string; message: string }, value: string): UserError {
  const subject = commit.message.split('\n')[0];
  const what = value === '' ? 'names no change' : 'is not one branch, tag or commit';
  return new UserError(
    'BAD_DEPENDS_ON',
    `'Depends-On: ${value}' in commit ${commit.oid.slice(0, 12)} ("${subject}") of change ${change} ${what}`,
    {
      suggestion: 'write one Depends-On footer per dependency, each naming one branch, tag or commit id',
      data: { change, commit: commit.oid, value },
    },
  );
}

/**
 * Resolves the target and every queued change to commits, finds dependencies — queued changes whose tip
 * is an ancestor of another's (stacked branches) and `Depends-On:` footers in a change's own commits —
 * drops dependencies the target already contains, pulls unqueued ones into the queue, and orders the queue
 * so that every change comes after what it depends on.
 *
 * @throws UserError (`BAD_DEPENDS_ON`) naming the commit and the value of a footer that is not exactly one
 *   change (`Depends-On: a b`, `Depends-On: $(cmd)`, an empty one); (`UNKNOWN_REF`) for one that names no
 *   revision of the repository.
 */
export async function resolveQueue(args: {
  repository: Pick<Repository, 'resolveCommitish' | 'compareHistories'>;
  targetRef: string;
  specs: string[];
}): Promise<ResolvedQueue> {
  const { repository } = args;
  const targetSha = await repository.resolveCommitish(args.targetRef).catch((error: unknown) => {
    if (error instanceof UserError && error.code === 'UNKNOWN_REF') {
      throw new UserError('UNKNOWN_REF', `unknown target '${args.targetRef}': no such branch or commit`, {
        suggestion: 'name the branch changes merge into with --target, or set `target` in the config',
      });
    }
    throw error;
  });

  const seen = new Set<string>();
  for (const spec of args.specs) {
    if (seen.has(spec)) throw new UserError('BAD_USAGE', `change '${spec}' is queued twice`);
    seen.add(spec);
  }

  // A merge base hidden by a shallow clone's boundary is named by the change it belongs to.
  const bringing = (id: string, sha: string) =>
    repository.compareHistories(sha, targetSha).catch((error: unknown) => {
      if (!(error instanceof UserError) || error.code !== 'SHALLOW_BOUNDARY') throw error;
      throw new UserError('SHALLOW_BOUNDARY', `change '${id}' onto '${args.targetRef}': ${error.message}`);
    });
  const discovered: Discovered[] = [];
  const discover = async (id: string, sha: string, pulledIn: boolean): Promise<Discovered> => {
    const { tipOnly } = await bringing(id, sha);
    const footers = tipOnly.flatMap((commit) =>
      parseDependsOn(commit.message).map((spec) => {
        if (!isChangeSpec(spec)) throw badFooter(id, commit, spec);
        return { spec, commit: commit.oid, subject: commit.message.split('\n')[0] };
      }),
    );
    const entry = { id, sha, pulledIn, commits: new Set(tipOnly.map((commit) => commit.oid)), footers };
    discovered.push(entry);
    return entry;
  };
  for (const spec of args.specs) await discover(spec, await repository.resolveCommitish(spec), false);

  const dependsOn = new Map<string, string[]>();
  for (let i = 0; i < discovered.length; i += 1) {
    const change = discovered[i];
    const deps: string[] = [];
    const add = (id: string) => {
      if (id !== change.id && !deps.includes(id)) deps.push(id);
    };
    for (const footer of change.footers) {
      const sha = await repository.resolveCommitish(footer.spec).catch((error: unknown) => {
        // A damaged object stays what it is; only a name that resolves to nothing is the footer's fault.
        if (!(error instanceof UserError) || error.code !== 'UNKNOWN_REF') throw error;
        throw new UserError(
          'UNKNOWN_REF',
          `unknown revision '${footer.spec}' in 'Depends-On: ${footer.spec}' of commit ${footer.commit.slice(0, 12)} ("${footer.subject}") (change ${change.id})`,
          { data: { change: change.id, commit: footer.commit, value: footer.spec } },
        );
      });
      const known = discovered.find((other) => other.sha === sha || other.id === footer.spec);
      if (known) add(known.id);
      else if ((await bringing(footer.spec, sha)).tipOnly.length > 0)
        add((await discover(footer.spec, sha, true)).id);
    }
    dependsOn.set(change.id, deps);
  }
  // Stacked branches: a change whose tip is among another's own commits is underneath it.
  for (const change of discovered) {
    for (const other of discovered) {
      if (other !== change && change.commits.has(other.sha) && other.sha !== change.sha) {
        const deps = dependsOn.get(change.id)!;
        if (!deps.includes(other.id)) deps.push(other.id);
      }
    }
  }

  const unordered: UnorderedChange[] = discovered.map((change) => ({
    id: change.id,
    dependsOn: dependsOn.get(change.id)!,
    pulledIn: change.pulledIn,
  }));
  const { order, cycles } = orderQueue(unordered);
  const byId = new Map(discovered.map((change) => [change.id, change]));
  const position = new Map(order.map((id, i) => [id, i]));
  const queue: PlannedChange[] = order.map((id) => ({
    id,
    sha: byId.get(id)!.sha,
    dependsOn: [...dependsOn.get(id)!].sort((a, b) => position.get(a)! - position.get(b)!),
    pulledIn: byId.get(id)!.pulledIn,
  }));
  return { target: { ref: args.targetRef, sha: targetSha }, queue, cycles };
}
