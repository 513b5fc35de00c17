import { targetState, type SpeculativeState } from '../core/queue/speculative-state.js';
import type { Repository } from './adapters.js';
import { homeProject } from './home-project.js';

/**
 * The state a pipeline starts from: the home project at the resolved target's commit (the only project
 * today; DESIGN.md, "Several repositories").
 */
export function targetStateOf(
  repository: Pick<Repository, 'dir' | 'gitdir'>,
  target: { sha: string },
): SpeculativeState {
  return targetState(homeProject(repository), target.sha);
}
