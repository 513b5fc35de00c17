import { displayWidth } from './display-width.js';

/** One table cell: its text, and how to style it once laid out (styling never changes the width). */
export interface Cell {
  text: string;
  style?: (text: string) => string;
}

/** The share of the width the wrapped last column is given first (8 columns at least), shrinking others. */
const LAST_SHARE = 0.2;
const MIN_LAST = 8;
/** The narrowest a shrunk column is made: three characters and `…`. */
const MIN_SHRUNK = 4;
/** The width a shrunk column keeps while others can still give room. */
const MIN_READABLE = 16;

/**
 * Lays out rows as aligned columns separated by two spaces, each line indented by `indent`. Widths are
 * measured in terminal columns on the plain text, before styling, so ANSI codes never skew the alignment;
 * the last column is not padded, so lines carry no trailing blanks.
 *
 * With `width`, no line is longer than `width` columns: the last column wraps on spaces onto continuation
 * lines aligned under it (a word longer than the column is broken). Until it has half the width (or all
 * it needs), the columns listed in `shrink` are narrowed, in that order, to 16 columns each; if the last column still has
 * less than a fifth of the width, they are narrowed further, widest first, to 4 at least. Cells of a
 * narrowed column wrap onto three lines at most (cut with `…` past that). Columns neither last nor in
 * `shrink` keep their width (a result name is never cut).
 */
export function formatTable(
  rows: ReadonlyArray<readonly Cell[]>,
  { indent = '  ', width, shrink = [] }: { indent?: string; width?: number; shrink?: readonly number[] } = {},
): string[] {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, column) => {
      widths[column] = Math.max(widths[column] ?? 0, displayWidth(cell.text));
    });
  }
  const last = widths.length - 1;
  if (width !== undefined && last >= 0) fit(widths, width - displayWidth(indent), shrink);
  return rows.flatMap((row) => {
    const cells = row.map((cell, column) =>
      width === undefined ? [cell.text] : wrap(cell.text, widths[column], column === last ? Infinity : 3),
    );
    const height = Math.max(...cells.map((lines) => lines.length));
    const lines: string[] = [];
    for (let line = 0; line < height; line++) {
      const parts = row.map((cell, column) => {
        const text = cells[column][line] ?? '';
        const styled = cell.style && text ? cell.style(text) : text;
        return column === row.length - 1
          ? styled
          : styled + ' '.repeat(Math.max(0, widths[column] - displayWidth(text)));
      });
      lines.push((indent + parts.join('  ')).trimEnd());
    }
    return lines;
  });
}

/** Narrows `widths` in place so that the columns and their separators fit in `room`. */
function fit(widths: number[], room: number, shrink: readonly number[]): void {
  const last = widths.length - 1;
  const others = (): number => widths.slice(0, last).reduce((sum, w) => sum + w + 2, 0);
  const lastRoom = (): number => room - others();
  const wanted = Math.min(widths[last], Math.max(MIN_LAST, Math.floor(room * LAST_SHARE)));
  const half = Math.min(widths[last], Math.floor(room / 2));
  // First the columns in `shrink` order, each down to a readable width, until the last column has half
  // the room (or all it needs); then, only if the last column still gets less than its share, widest first, to the least.
  for (const column of shrink) {
    while (lastRoom() < half && column < last && widths[column] > MIN_READABLE) widths[column]--;
  }
  while (lastRoom() < wanted) {
    const candidates = shrink.filter((column) => column < last && widths[column] > MIN_SHRUNK);
    if (candidates.length === 0) break;
    const widest = candidates.reduce((a, b) => (widths[b] > widths[a] ? b : a));
    widths[widest]--;
  }
  widths[last] = Math.max(1, Math.min(widths[last], lastRoom()));
}

/**
 * `text` broken on spaces into lines of at most `columns`; a longer word is broken after a `-`, `/`, `_` or
 * `.` when one is in its second half, else cut. With `most`, lines past that many are dropped and the last
 * one kept ends with `…`.
 */
function wrap(text: string, columns: number, most = Infinity): string[] {
  if (displayWidth(text) <= columns) return [text];
  const lines = wrapAll(text, columns);
  if (lines.length <= most) return lines;
  const kept = lines.slice(0, most);
  let end = kept[most - 1];
  while (end && displayWidth(`${end}…`) > columns) end = [...end].slice(0, -1).join('');
  kept[most - 1] = `${end}…`;
  return kept;
}

function wrapAll(text: string, columns: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/ +/)) {
    let rest = word;
    const joined = line ? `${line} ${rest}` : rest;
    if (displayWidth(joined) <= columns) {
      line = joined;
      continue;
    }
    if (line) lines.push(line);
    line = '';
    while (displayWidth(rest) > columns) {
      let piece = '';
      for (const character of rest) {
        if (displayWidth(piece + character) > columns) break;
        piece += character;
      }
      if (!piece) piece = [...rest][0];
      const breakAt = Math.max(...['-', '/', '_', '.'].map((mark) => piece.lastIndexOf(mark)));
      if (breakAt + 1 > piece.length / 2 && breakAt + 1 < piece.length) piece = piece.slice(0, breakAt + 1);
      lines.push(piece);
      rest = rest.slice(piece.length);
    }
    line = rest;
  }
  if (line) lines.push(line);
  return lines;
}
