/** One table cell: its text, and how to style it once padded (styling never changes the width). */
export interface Cell {
  text: string;
  style?: (text: string) => string;
}

/**
 * Lays out rows as aligned columns separated by two spaces, each line indented by `indent`. Widths are
 * measured on the plain text, before styling, so ANSI codes never skew the alignment; the last column is
 * not padded, so lines carry no trailing blanks.
 */
export function formatTable(
  rows: ReadonlyArray<readonly Cell[]>,
  { indent = '  ' }: { indent?: string } = {},
): string[] {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, column) => {
      widths[column] = Math.max(widths[column] ?? 0, width(cell.text));
    });
  }
  return rows.map((row) => {
    const cells = row.map((cell, column) => {
      const styled = cell.style ? cell.style(cell.text) : cell.text;
      const last = column === row.length - 1;
      return last ? styled : styled + ' '.repeat(widths[column] - width(cell.text));
    });
    return (indent + cells.join('  ')).trimEnd();
  });
}

/** Width in terminal columns, counting code points so that ids with non-ASCII letters stay aligned. */
function width(text: string): number {
  return [...text].length;
}
