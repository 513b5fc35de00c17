import { combinePartials } from '../core/queue/combine-partials.js';
import type { Mode } from '../core/types.js';
import { UserError } from '../errors/specgate-error.js';
import type { Adapters } from './adapters.js';
import type { RunOptions } from './open-pipeline.js';
import { readPartials } from './read-partials.js';

/** A sharded run to finish: its mode and the options that run it again with the shards' results. */
export interface PartialsToMerge {
  mode: Mode;
  shards: number;
  options: Pick<RunOptions, 'changes' | 'target' | 'only' | 'strategy' | 'window' | 'given' | 'checkInputs'>;
}

/**
 * `specgate report merge`, before running: reads the partial results, checks they are every shard of one
 * run, and returns how to run that run's pipeline again with their results handed in — every state a
 * shard tested is then served from them, and only the states no shard could foresee (those behind a
 * rejected change) run here. The repository must still give the shards' inputs (same target commit,
 * same change commits, same configuration); otherwise nothing runs and the error says what moved.
 */
export async function openPartials(args: {
  cwd: string;
  files: string[];
  adapters: Pick<Adapters, 'files'>;
}): Promise<PartialsToMerge> {
  const partials = await readPartials(args);
  const combined = combinePartials(partials, args.files);
  if (!combined.ok) throw new UserError('BAD_PARTIAL', `report merge: ${combined.problem}`);
  const { run, results } = combined;
  return {
    mode: run.mode,
    shards: run.total,
    options: {
      changes: run.changes.map((change) => change.id),
      target: run.target.ref,
      only: run.options.only,
      strategy: run.options.strategy,
      window: run.options.window,
      given: results,
      checkInputs: (inputs, queue) => {
        if (inputs === run.inputs) return;
        const moved = (what: string, here: string, there: string) =>
          new UserError(
            'BAD_PARTIAL',
            `report merge: ${what} is at ${here.slice(0, 12)} here but the shards tested ${there.slice(0, 12)}`,
          );
        if (queue.target.sha !== run.target.sha)
          throw moved(`target ${run.target.ref}`, queue.target.sha, run.target.sha);
        for (const change of run.changes) {
          const here = queue.queue.find((queued) => queued.id === change.id);
          if (here && here.sha !== change.sha) throw moved(`change ${change.id}`, here.sha, change.sha);
        }
        throw new UserError(
          'BAD_PARTIAL',
          'report merge: the configuration or the dependencies here differ from those the shards ran with',
        );
      },
    },
  };
}
