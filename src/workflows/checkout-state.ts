import path from 'node:path';
import { homeCheckout } from '../core/queue/speculative-state.js';
import type { ChangeVerdict } from '../core/types.js';
import { verdictState } from '../core/queue/verdict-state.js';
import { UserError } from '../errors/specgate-error.js';
import { withPath } from '../errors/with-path.js';
import { homeProject } from './home-project.js';
import { openRun, type QueueOptions } from './open-run.js';
import { planStates } from './plan-states.js';

/** What `specgate checkout` wrote. */
export interface CheckoutResult {
  change: string;
  /** The target branch the state is built on. */
  target: string;
  speculativeSha: string;
  includes: string[];
  dir: string;
}

/**
 * Writes the speculative state of the last change of the queue — the target plus every change ahead of it
 * (in `gate` mode, assuming they all pass) or its dependencies (in `check` mode) — into `dir`, as a clean
 * git checkout. A change that does not merge is a rejection (exit 1), with the reason.
 */
export async function checkoutState(
  options: QueueOptions & { dir: string; mode: 'gate' | 'check' },
): Promise<CheckoutResult | ChangeVerdict> {
  const { files } = options.adapters;
  const dir = path.resolve(options.cwd, options.dir);
  const kind = files.kind(dir);
  if (kind === 'other') {
    throw new UserError('WORK_DIR', `--dir ${dir} is not a directory`, {
      suggestion: 'give a new or empty directory',
    });
  }
  if (kind === 'directory' && files.list(dir).length > 0) {
    throw new UserError('WORK_DIR', `--dir ${dir} is not empty`, {
      suggestion: 'give a new or empty directory; nothing in it was touched',
    });
  }
  const { repository, config, queue } = await openRun(options);
  const result = await planStates({
    repository,
    queue,
    mode: options.mode,
    mergeMode: config.mergeMode,
    allowCircularDependencies: config.allowCircularDependencies,
  });
  const wanted = options.changes[options.changes.length - 1];
  const verdict = result.changes.find((change) => change.id === wanted)!;
  const state = verdictState(verdict, homeProject(repository));
  if (!state) return repository.close().then(() => verdict);
  // The home project's checkout: the one project of a state today.
  const { sha } = homeCheckout(state);
  const existed = files.kind(dir) !== undefined;
  await repository
    .materializeState({ commitOid: sha, dir })
    .catch((error: unknown) => {
      // Half a checkout is no use: removed when this run made the directory (an empty one given is kept).
      if (existed) for (const name of files.list(dir)) files.removeSync(path.join(dir, name));
      else files.removeSync(dir);
      throw withPath(error, dir);
    })
    .finally(() => repository.close());
  return {
    change: wanted,
    target: queue.target.ref,
    speculativeSha: sha,
    includes: verdict.includes,
    dir,
  };
}
