import { countOf } from './count-of.js';

/** What `specgate cache clear` says it removed. */
export function renderClearedResults(cleared: { results: number; trees: number }): string {
  return `Removed ${countOf(cleared.results, 'result')} on ${countOf(cleared.trees, 'tree')} from refs/notes/specgate.\n`;
}
