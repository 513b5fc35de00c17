import { gatherTextStats } from './gather-text-stats.js';
import type { CrlfAction } from './resolve-conversion.js';

/**
 * Turns every lone LF of `content` into CRLF when the action asks for CRLF on checkout, as git's
 * `crlf_to_worktree` does: `crlf` always (existing CRLFs kept as they are), `auto-crlf` only when the file
 * has no CR at all and git's heuristics see text (no NUL, no lone CR, at most one non-printable byte in
 * 128 printable ones, a final ^Z forgiven).
 *
 * @returns the new content, or undefined when nothing changes.
 */
export function convertLfToCrlf(content: Buffer, action: CrlfAction): Buffer | undefined {
  if (content.length === 0 || (action !== 'crlf' && action !== 'auto-crlf')) return undefined;
  const stats = gatherTextStats(content);
  if (stats.lonelf === 0) return undefined;
  if (action === 'auto-crlf') {
    if (stats.lonecr > 0 || stats.crlf > 0) return undefined;
    if (stats.binary) return undefined;
  }
  const out = Buffer.allocUnsafe(content.length + stats.lonelf);
  let o = 0;
  for (let i = 0; i < content.length; i++) {
    const c = content[i];
    if (c === 0x0a && (i === 0 || content[i - 1] !== 0x0d)) out[o++] = 0x0d;
    out[o++] = c;
  }
  return out;
}
