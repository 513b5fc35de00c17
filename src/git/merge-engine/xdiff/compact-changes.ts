// Must match git byte for byte: a port of xdl_change_compact (xdiff/xdiffi.c).
/**
 * xdl_change_compact without the indent heuristic (merges do not enable it): slides every group of
 * changed lines in `rchg` as far down as it goes, merging groups that meet, then back up to line up with
 * a change in the other file when it can. Where hunks end up decides whether two sides' hunks touch, so
 * this must match git move for move. `rchg` arrays carry xdiff's sentinels (line `i` at `i + 1`).
 */
export function compactChanges(args: {
  rchg: Uint8Array;
  ha: Int32Array;
  rchgOther: Uint8Array;
  nOther: number;
}): void {
  const { rchg, ha, rchgOther, nOther } = args;
  const n = ha.length;
  const g = first(rchg);
  const go = first(rchgOther);
  const changed = (marks: Uint8Array, i: number): boolean => marks[i + 1] === 1;

  const next = (marks: Uint8Array, size: number, grp: Group): boolean => {
    if (grp.end === size) return false;
    grp.start = grp.end + 1;
    for (grp.end = grp.start; changed(marks, grp.end); grp.end++);
    return true;
  };
  const previous = (marks: Uint8Array, grp: Group): boolean => {
    if (grp.start === 0) return false;
    grp.end = grp.start - 1;
    for (grp.start = grp.end; changed(marks, grp.start - 1); grp.start--);
    return true;
  };
  const slideDown = (): boolean => {
    if (g.end < n && ha[g.start] === ha[g.end]) {
      rchg[g.start++ + 1] = 0;
      rchg[g.end++ + 1] = 1;
      while (changed(rchg, g.end)) g.end++;
      return true;
    }
    return false;
  };
  const slideUp = (): boolean => {
    if (g.start > 0 && ha[g.start - 1] === ha[g.end - 1]) {
      rchg[--g.start + 1] = 1;
      rchg[--g.end + 1] = 0;
      while (changed(rchg, g.start - 1)) g.start--;
      return true;
    }
    return false;
  };
  const sync = (ok: boolean): void => {
    if (!ok) throw new Error('xdiff group sync broken');
  };

  for (;;) {
    if (g.end !== g.start) {
      let groupSize: number;
      let earliestEnd: number;
      let endMatchingOther: number;
      do {
        groupSize = g.end - g.start;
        endMatchingOther = -1;
        while (slideUp()) sync(previous(rchgOther, go));
        earliestEnd = g.end;
        if (go.end > go.start) endMatchingOther = g.end;
        while (slideDown()) {
          sync(next(rchgOther, nOther, go));
          if (go.end > go.start) endMatchingOther = g.end;
        }
      } while (groupSize !== g.end - g.start);
      if (g.end !== earliestEnd && endMatchingOther !== -1) {
        while (go.end === go.start) {
          sync(slideUp());
          sync(previous(rchgOther, go));
        }
      }
    }
    if (!next(rchg, n, g)) break;
    sync(next(rchgOther, nOther, go));
  }
  sync(!next(rchgOther, nOther, go));
}

interface Group {
  start: number;
  end: number;
}

function first(marks: Uint8Array): Group {
  const grp = { start: 0, end: 0 };
  while (marks[grp.end + 1] === 1) grp.end++;
  return grp;
}
