import { gatherTextStats } from './gather-text-stats.js';
import type { CrlfAction } from './resolve-conversion.js';

/**
 * The clean (check-in) side of end-of-line conversion, as git's `crlf_to_git`: for a path that is text,
 * CRLF becomes LF. With `text=auto` (and `core.autocrlf`), a file git sees as binary is left alone, and so
 * is every file whose blob at that path in the index (`indexBlob`) already holds CRLF text, so that a
 * repository that committed CRLFs keeps them; there, every CR goes (a lone CR already made it binary).
 *
 * @returns the new content, or undefined when nothing changes.
 */
export function convertCrlfToLf(content: Buffer, action: CrlfAction, indexBlob?: Buffer): Buffer | undefined {
  if (action === 'binary' || content.length === 0) return undefined;
  const stats = gatherTextStats(content);
  if (stats.crlf === 0) return undefined;
  const auto = action === 'auto-input' || action === 'auto-crlf';
  if (auto) {
    if (stats.binary) return undefined;
    if (indexBlob !== undefined && indexBlob.includes(0x0d)) {
      const indexed = gatherTextStats(indexBlob);
      if (!indexed.binary && indexed.crlf > 0) return undefined;
    }
  }
  const out = Buffer.allocUnsafe(content.length);
  let o = 0;
  for (let i = 0; i < content.length; i++) {
    const c = content[i];
    if (c === 0x0d && (auto || content[i + 1] === 0x0a)) continue;
    out[o++] = c;
  }
  return out.subarray(0, o);
}
