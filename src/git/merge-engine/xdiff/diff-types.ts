/**
 * Shared shapes of the line-diff modules. `rchg` arrays mark changed lines the way xdiff does: one byte
 * per line, with a zero sentinel before the first and after the last line, so line `i` lives at `i + 1`.
 */

/** Lines of two files as class ids (equal lines, equal ids) and the change marks computed for them. */
export interface DiffPair {
  ha1: Int32Array;
  ha2: Int32Array;
  rchg1: Uint8Array;
  rchg2: Uint8Array;
}

/** One hunk of an edit script: `chg1` lines at `i1` of the old file became `chg2` lines at `i2`. */
export interface Hunk {
  i1: number;
  i2: number;
  chg1: number;
  chg2: number;
}
