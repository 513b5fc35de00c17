/** The comment line that marks a `pre-push` hook as specgate's own. */
export const HOOK_MARKER = '# specgate pre-push hook';

/** Whether the text of a hook is specgate's own. */
export function isSpecgateHook(text: string): boolean {
  return text.split('\n').some((line) => line.trim() === HOOK_MARKER);
}
