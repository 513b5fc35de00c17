import type { AdvanceOutcome } from '../core/types.js';

/** The lines that say what `--merge` and `--tag` did, or why they did nothing (those go to stderr). */
export function renderAdvance(
  outcome: AdvanceOutcome,
  target: string,
): Array<{ text: string; toStderr?: boolean }> {
  const lines: Array<{ text: string; toStderr?: boolean }> = [];
  if (outcome.nothingAccepted) lines.push({ text: `${target}: not moved; no change was accepted` });
  if (outcome.upToDate)
    lines.push({ text: `${target}: already up to date at ${outcome.upToDate.sha.slice(0, 12)}` });
  if (outcome.merged) {
    const { from, to, changes } = outcome.merged;
    lines.push({
      text: `${target}: ${from.slice(0, 12)} → ${to.slice(0, 12)} (merged ${changes.join(', ')})`,
    });
  }
  if (outcome.tagged)
    lines.push({ text: `tagged ${outcome.tagged.name} at ${outcome.tagged.sha.slice(0, 12)}` });
  if (outcome.alreadyTagged)
    lines.push({
      text: `tag ${outcome.alreadyTagged.name} already at ${outcome.alreadyTagged.sha.slice(0, 12)}`,
    });
  if (outcome.notTagged) {
    const { name, rejected } = outcome.notTagged;
    const count = rejected.length === 1 ? '1 change was' : `${rejected.length} changes were`;
    lines.push({
      text: `not tagged ${name}: ${count} rejected (${rejected.join(', ')}); --tag needs every change to pass`,
      toStderr: true,
    });
  }
  if (outcome.deferredSignals?.length) {
    lines.push({
      text: `${[...new Set(outcome.deferredSignals)].join(', ')} arrived while ${target} was being moved; the move was finished first`,
      toStderr: true,
    });
  }
  if (outcome.refused) {
    const { message, suggestion } = outcome.refused;
    lines.push({ text: suggestion ? `${message}. Try this: ${suggestion}` : message, toStderr: true });
  }
  return lines;
}
