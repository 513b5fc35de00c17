/**
 * The notes ref that holds specgate's result cache: one note per tree object (DESIGN.md, Promises), so
 * that `git push`/`git fetch` of this one ref share results between machines.
 */
export const RESULTS_REF = 'refs/notes/specgate';
