import type { KeptResult, PartialResult } from '../types.js';

/** What the partial results of one sharded run amount to, or why they cannot be combined. */
export type CombinedPartials =
  | {
      ok: true;
      /** The run they are shards of (mode, target, changes, options, inputs digest): the first partial's. */
      run: Omit<PartialResult, 'units' | 'results' | 'partial'> & { inputs: string; total: number };
      /** Every result of every shard, each tree and job key once. */
      results: KeptResult[];
    }
  | { ok: false; problem: string };

/**
 * Checks that partial results belong together — one run's inputs (same digest, mode and shard count)
 * and every shard exactly once — and pools their job results. `names` (file names, in the same order as
 * `partials`) are used to name the culprit.
 */
export function combinePartials(
  partials: readonly PartialResult[],
  names: readonly string[],
): CombinedPartials {
  if (partials.length === 0) return { ok: false, problem: 'no partial result given' };
  const first = partials[0];
  const total = first.partial.shard.total;
  for (const [i, partial] of partials.entries()) {
    const { inputs, shard } = partial.partial;
    if (inputs !== first.partial.inputs || partial.mode !== first.mode) {
      return {
        ok: false,
        problem: `${names[i]} is a shard of a different run than ${names[0]} (its target, changes, configuration or mode differ)`,
      };
    }
    if (shard.total !== total)
      return {
        ok: false,
        problem: `${names[i]} is shard ${shard.index}/${shard.total}, ${names[0]} is one of ${total}`,
      };
    if (shard.index < 1 || shard.index > total)
      return {
        ok: false,
        problem: `${names[i]} claims to be shard ${shard.index}/${total}, which does not exist`,
      };
    const twin = partials.findIndex((other) => other.partial.shard.index === shard.index);
    if (twin !== i)
      return { ok: false, problem: `${names[twin]} and ${names[i]} are both shard ${shard.index}/${total}` };
  }
  const missing = Array.from({ length: total }, (_, i) => i + 1).filter(
    (index) => !partials.some((p) => p.partial.shard.index === index),
  );
  if (missing.length > 0)
    return {
      ok: false,
      problem: `missing shard${missing.length === 1 ? '' : 's'} ${missing.map((index) => `${index}/${total}`).join(', ')}`,
    };

  const results = new Map<string, KeptResult>();
  for (const partial of partials) {
    for (const result of partial.results) {
      const known = results.get(`${result.tree} ${result.key}`);
      if (known === undefined || known.run.at < result.run.at)
        results.set(`${result.tree} ${result.key}`, result);
    }
  }
  const { mode, target, changes, options } = first;
  return {
    ok: true,
    run: { mode, target, changes, options, inputs: first.partial.inputs, total },
    results: [...results.values()],
  };
}
