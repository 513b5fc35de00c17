import { targetState, type SpeculativeState } from './speculative-state.js';
import type { ChangeVerdict } from '../types.js';

/**
 * The state a verdict was decided on, as the verdict itself tells it — for those who hold only a result
 * (a gate's, or shards' combined by `report merge`), not the pipeline's states: the home project `home`
 * at the verdict's `speculativeSha`. Undefined when no state was built (a cycle, a rejected dependency).
 */
export function verdictState(
  verdict: Pick<ChangeVerdict, 'speculativeSha'>,
  home: string,
): SpeculativeState | undefined {
  return verdict.speculativeSha === undefined ? undefined : targetState(home, verdict.speculativeSha);
}
