import type { AdvanceOutcome, PipelineResult } from '../core/types.js';
import { InterruptedError } from '../errors/specgate-error.js';
import { createAdapters } from './create-adapters.js';
import { runAndReport } from './run-and-report.js';

/** What `gate` (or `report merge` of a gate) returns: the result, and what `--merge`/`--tag` did. */
export type GateResult = PipelineResult &
  Pick<AdvanceOutcome, 'merged' | 'tagged' | 'upToDate' | 'alreadyTagged' | 'notTagged' | 'refused'>;

/**
 * Runs the dependent pipeline with `runAndReport`, then, for `--merge`/`--tag`, moves the target and tags
 * the last accepted state. Everything `--merge`/`--tag` can check is checked before any job runs (a bad
 * target or tag name, a dirty checkout, the target checked out elsewhere: exit 2). What they did is written
 * after the verdict with `print` (the command's stdout for people, nothing with `--json`), or with `note`
 * (stderr) when it is a refusal; a merge or tag
 * that cannot be carried out changed nothing and comes back as `refused` (exit status 2: see
 * `pipelineExitStatus`). Nothing moves after an
 * interruption, unless the move was already under way: then it is finished and reported with the normal
 * status. An interrupt that comes after the verdict but before the move throws an `InterruptedError` saying
 * that the target was not moved (exit 130): a release script (`set -e`) must not carry on as if it had.
 */
export async function gateAndAdvance(
  options: Parameters<typeof runAndReport>[1] & {
    merge: boolean;
    tag?: string;
    print: (text: string) => void;
    note: (text: string) => void;
  },
): Promise<GateResult> {
  const { print, note, ...run } = options;
  if (!options.merge && options.tag === undefined) return runAndReport('gate', run);
  // Loaded only for --merge/--tag, off the path of every other gate.
  const [{ advanceTarget }, { renderAdvance }] = await Promise.all([
    import('../workflows/advance-target.js'),
    import('../report/render-advance.js'),
  ]);
  const adapters = options.adapters ?? createAdapters();
  const advance = await advanceTarget({
    adapters,
    cwd: options.cwd,
    configFile: options.configFile,
    target: options.target,
    merge: options.merge,
    tag: options.tag,
    signal: options.signal,
  });
  const result = await runAndReport('gate', { ...options, adapters });
  // An interrupt that came after the verdict is honoured by the advance itself, before it moves anything.
  const outcome = await advance(result);
  if (outcome.refused?.reason === 'interrupted') {
    const reason = options.signal.reason as Partial<InterruptedError> | undefined;
    throw new InterruptedError(reason?.signal ?? 'SIGINT', outcome.refused.message);
  }
  for (const line of renderAdvance(outcome, result.target.ref)) {
    if (line.toStderr) note(line.text);
    else print(`${line.text}\n`);
  }
  const { merged, tagged, upToDate, alreadyTagged, notTagged, refused } = outcome;
  return {
    ...result,
    ...definedOnly({ merged, tagged, upToDate, alreadyTagged, notTagged, refused }),
  };
}

function definedOnly<T extends object>(values: T): Partial<T> {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined)) as Partial<T>;
}
