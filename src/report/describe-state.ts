/**
 * Names a speculative state the way users think of it: the target then the changes in merge order,
 * `main + feature-a + feature-b`; `-` when no state was built (nothing included). With `maxWidth`, a chain
 * longer than that many characters is abbreviated to the target, how many changes are ahead and the last
 * one: `main + 3 ahead + feature-d` (the full chain is in `--json` and the HTML page).
 */
export function describeState(
  targetRef: string,
  includes: readonly string[],
  { maxWidth }: { maxWidth?: number } = {},
): string {
  if (includes.length === 0) return '-';
  const full = [targetRef, ...includes].join(' + ');
  if (maxWidth === undefined || includes.length < 2 || [...full].length <= maxWidth) return full;
  return `${targetRef} + ${includes.length - 1} ahead + ${includes[includes.length - 1]}`;
}
