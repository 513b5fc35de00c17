import type { AdvanceOutcome } from '../core/types.js';

/** The lines that say what `--merge` and `--tag` did. */
export function renderAdvance(outcome: AdvanceOutcome, target: string): Array<{ text: string; toStderr?: boolean }> {
  const lines: Array<{ text: string; toStderr?: boolean }> = [];
  if (outcome.nothingAccepted) lines.push({ text: `${target}: not moved; no change was accepted` });
  if (outcome.merged) {
    const { from, to, changes } = outcome.merged;
    lines.push({ text: `${target}: ${from.slice(0, 12)} → ${to.slice(0, 12)} (merged ${changes.join(', ')})` });
  }
  if (outcome.tagged) lines.push({ text: `tagged ${outcome.tagged.name} at ${outcome.tagged.sha.slice(0, 12)}` });
  if (outcome.refused) lines.push({ text: outcome.refused.message, toStderr: true });
  return lines;
}
