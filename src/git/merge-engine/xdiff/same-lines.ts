/** Whether `count` lines from index `i` of `a` are, byte for byte, the lines from index `j` of `b`. */
export function sameLines(a: Uint8Array[], i: number, b: Uint8Array[], j: number, count: number): boolean {
  for (let k = 0; k < count; k++) {
    if (Buffer.compare(a[i + k], b[j + k]) !== 0) return false;
  }
  return true;
}
