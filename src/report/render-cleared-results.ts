/** What `specgate cache clear` says it removed. */
export function renderClearedResults(cleared: { results: number; trees: number }): string {
  const s = (n: number) => (n === 1 ? '' : 's');
  return `Removed ${cleared.results} result${s(cleared.results)} on ${cleared.trees} tree${s(cleared.trees)} from refs/notes/specgate.\n`;
}
