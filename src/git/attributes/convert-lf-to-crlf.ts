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
  const stats = gatherStats(content);
  if (stats.lonelf === 0) return undefined;
  if (action === 'auto-crlf') {
    if (stats.lonecr > 0 || stats.crlf > 0) return undefined;
    if (stats.nul > 0 || Math.floor(stats.printable / 128) < stats.nonprintable) return undefined;
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

/** git's `gather_stats`: counts of line endings and of printable and non-printable bytes. */
function gatherStats(buf: Buffer): { nul: number; lonecr: number; lonelf: number; crlf: number; printable: number; nonprintable: number } {
  let nul = 0;
  let lonecr = 0;
  let lonelf = 0;
  let crlf = 0;
  let printable = 0;
  let nonprintable = 0;
  const size = buf.length;
  for (let i = 0; i < size; i++) {
    const c = buf[i];
    if (c === 0x0d) {
      if (i + 1 < size && buf[i + 1] === 0x0a) {
        crlf++;
        i++;
      } else lonecr++;
      continue;
    }
    if (c === 0x0a) {
      lonelf++;
      continue;
    }
    if (c === 127) nonprintable++;
    else if (c < 32) {
      // BS, HT, ESC and FF count as printable.
      if (c === 0x08 || c === 0x09 || c === 0x1b || c === 0x0c) printable++;
      else {
        if (c === 0) nul++;
        nonprintable++;
      }
    } else printable++;
  }
  // A final ^Z (DOS end of file) is not held against the file.
  if (size >= 1 && buf[size - 1] === 0x1a) nonprintable--;
  return { nul, lonecr, lonelf, crlf, printable, nonprintable };
}
