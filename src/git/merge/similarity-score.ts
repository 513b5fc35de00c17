import { isBinaryContent } from './is-binary-content.js';

/** Git's similarity scale: 60000 is identical; renames need 30000 (50%) by default. */
const MAX_SCORE = 60000;
/** The modulus of diffcore-delta's span hashes. */
const HASHBASE = 107927;

const spanMemo = new WeakMap<Uint8Array, Map<boolean, Map<number, number>>>();

/**
 * How similar two regular files are, in git's rename-detection units (diffcore-rename's
 * `estimate_similarity` over diffcore-delta's span counts): the share of the larger file made of
 * chunks (lines, or 64-byte runs) also found in the source, 0 when the sizes differ too much for
 * `minimumScore` to be reachable.
 *
 * Returns a range: whether CRs before LFs count depends on whether git sees the file as text, which a
 * `.gitattributes` `diff` setting can change; `low` and `high` cover both readings, and are equal for
 * files without CR.
 */
export function similarityScore(args: { source: Uint8Array; target: Uint8Array; minimumScore: number }): { low: number; high: number } {
  const { source, target, minimumScore } = args;
  const maxSize = Math.max(source.length, target.length);
  const baseSize = Math.min(source.length, target.length);
  if (maxSize * (MAX_SCORE - minimumScore) < (maxSize - baseSize) * MAX_SCORE) return { low: 0, high: 0 };
  if (target.length === 0) return { low: 0, high: 0 };
  const scores: number[] = [];
  for (const sourceSpans of readings(source)) {
    for (const targetSpans of readings(target)) {
      let copied = 0;
      for (const [hash, count] of sourceSpans) copied += Math.min(count, targetSpans.get(hash) ?? 0);
      scores.push(Math.floor((copied * MAX_SCORE) / maxSize));
    }
  }
  return { low: Math.min(...scores), high: Math.max(...scores) };
}

function readings(content: Uint8Array): Map<number, number>[] {
  const text = !isBinaryContent(content);
  const variants = text && content.includes(13) ? [true, false] : [text];
  return variants.map((asText) => spans(content, asText));
}

/** diffcore-delta's hash_chars: counts of bytes per chunk hash; a final chunk without LF is dropped. */
function spans(content: Uint8Array, asText: boolean): Map<number, number> {
  let memo = spanMemo.get(content);
  if (!memo) spanMemo.set(content, (memo = new Map()));
  const known = memo.get(asText);
  if (known) return known;
  const counts = new Map<number, number>();
  let n = 0;
  let accum1 = 0;
  let accum2 = 0;
  for (let i = 0; i < content.length; i++) {
    const c = content[i];
    if (asText && c === 13 && i + 1 < content.length && content[i + 1] === 10) continue;
    const old1 = accum1;
    accum1 = ((accum1 << 7) ^ (accum2 >>> 25)) >>> 0;
    accum2 = ((accum2 << 7) ^ (old1 >>> 25)) >>> 0;
    accum1 = (accum1 + c) >>> 0;
    if (++n < 64 && c !== 10) continue;
    const hash = ((accum1 + Math.imul(accum2, 0x61)) >>> 0) % HASHBASE;
    counts.set(hash, (counts.get(hash) ?? 0) + n);
    n = 0;
    accum1 = 0;
    accum2 = 0;
  }
  memo.set(asText, counts);
  return counts;
}
