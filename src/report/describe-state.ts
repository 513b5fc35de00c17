/**
 * Names a speculative state the way users think of it: the target then the changes in merge order,
 * `main + feature-a + feature-b`; `-` when no state was built (nothing included).
 */
export function describeState(targetRef: string, includes: readonly string[]): string {
  if (includes.length === 0) return '-';
  return [targetRef, ...includes].join(' + ');
}
