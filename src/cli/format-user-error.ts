import type { UserError } from '../errors/specgate-error.js';

/**
 * The lines of a user error on stderr: one per problem (a bad configuration can have several), each
 * `specgate: error: …` naming its culprit, with what to do after the last one as `Try this: …` on the
 * same line, so that a CI log shows culprit and remedy together and `grep 'specgate: error'` finds both.
 */
export function formatUserError(error: Pick<UserError, 'message' | 'suggestion'>): string {
  const lines = error.message.split('\n');
  if (error.suggestion) {
    const last = lines.length - 1;
    const stop = /[.!?]$/.test(lines[last]) ? '' : '.';
    lines[last] += `${stop} Try this: ${lowerFirst(error.suggestion).replace(/\.$/, '')}`;
  }
  return lines.map((line) => `specgate: error: ${line}\n`).join('');
}

function lowerFirst(text: string): string {
  return /^[A-Z][a-z]/.test(text) ? text[0].toLowerCase() + text.slice(1) : text;
}
