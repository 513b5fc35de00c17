import { isBinaryContent } from './is-binary-content.js';

/** Git's similarity scale: 60000 is identical; renames need 30000 (50%) by default. */
const MAX_SCORE = 60000;
/** The modulus of diffcore-delta's span hashes. */
const HASHBASE = 107927;

/** A file's span counts, sorted by hash, for a merge join. */
interface Spans {
  hashes: Uint32Array;
  counts: Uint32Array;
}

const spanMemo = new WeakMap<Uint8Array, Map<string, Spans>>();

/**
 * Whether the last chunk of a file that does not end in LF counts: git 2.44 (and 2.43.2) started
 * counting it; earlier versions drop it. `undefined`: either, the score then covers both.
 */
export type FinalLine = 'dropped' | 'counted' | undefined;

/**
 * How similar two regular files are, in git's rename-detection units, computed as git computes it:
 * diffcore-rename's `estimate_similarity` (0 when the sizes differ too much for `minimumScore` to be
 * reachable; otherwise the bytes of the source's chunks also found in the target, times 60000, divided
 * by the larger size, in integer arithmetic) over diffcore-delta's span counts (chunks are lines, or
 * 64-byte runs, hashed as `hash_chars` does). Scores are compared with git's threshold exactly, with
 * no margin.
 *
 * Returns a range over the readings git versions and settings differ on: whether CRs before LFs are
 * skipped depends on whether git sees the file as text, which a `.gitattributes` `diff` setting can
 * change; and whether a final chunk without LF counts depends on git's version (`finalLine`). `low`
 * and `high` are equal for files without CR that end in LF.
 */
export function similarityScore(args: {
  source: Uint8Array;
  target: Uint8Array;
  minimumScore: number;
  finalLine?: FinalLine;
}): {
  low: number;
  high: number;
} {
  const { source, target, minimumScore } = args;
  const finals = args.finalLine === undefined ? [false, true] : [args.finalLine === 'counted'];
  const maxSize = Math.max(source.length, target.length);
  const baseSize = Math.min(source.length, target.length);
  if (maxSize * (MAX_SCORE - minimumScore) < (maxSize - baseSize) * MAX_SCORE) return { low: 0, high: 0 };
  if (target.length === 0) return { low: 0, high: 0 };
  let low = Infinity;
  let high = -Infinity;
  for (const countFinal of finals) {
    for (const sourceSpans of readings(source, countFinal)) {
      for (const targetSpans of readings(target, countFinal)) {
        const score = Math.floor((copiedBytes(sourceSpans, targetSpans) * MAX_SCORE) / maxSize);
        low = Math.min(low, score);
        high = Math.max(high, score);
      }
    }
  }
  return { low, high };
}

/** diffcore-delta's `src_copied`: per hash, the smaller of the two byte counts, summed. */
function copiedBytes(source: Spans, target: Spans): number {
  let copied = 0;
  let j = 0;
  const n = target.hashes.length;
  for (let i = 0; i < source.hashes.length; i++) {
    const hash = source.hashes[i];
    while (j < n && target.hashes[j] < hash) j++;
    if (j === n) break;
    if (target.hashes[j] === hash) copied += Math.min(source.counts[i], target.counts[j]);
  }
  return copied;
}

function readings(content: Uint8Array, countFinal: boolean): Spans[] {
  const text = !isBinaryContent(content);
  const variants = text && content.includes(13) ? [true, false] : [text];
  // A file ending in LF has no final partial chunk: both git readings are one.
  const final = countFinal && content.length > 0 && content[content.length - 1] !== 10;
  return variants.map((asText) => spans(content, asText, final));
}

/** diffcore-delta's hash_chars: bytes per chunk hash, the final chunk without LF counted or not. */
function spans(content: Uint8Array, asText: boolean, countFinal: boolean): Spans {
  let memo = spanMemo.get(content);
  if (!memo) spanMemo.set(content, (memo = new Map()));
  const key = `${asText}:${countFinal}`;
  const known = memo.get(key);
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
  if (countFinal && n > 0) {
    const hash = ((accum1 + Math.imul(accum2, 0x61)) >>> 0) % HASHBASE;
    counts.set(hash, (counts.get(hash) ?? 0) + n);
  }
  const hashes = Uint32Array.from(counts.keys()).sort();
  const result: Spans = { hashes, counts: Uint32Array.from(hashes, (hash) => counts.get(hash)!) };
  memo.set(key, result);
  return result;
}
