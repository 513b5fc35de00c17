/** Formats `text` as a `git fast-import` `data` block (exact byte count, then the bytes, then a newline). */
export function formatData(text: string): string {
  return `data ${Buffer.byteLength(text)}\n${text}\n`;
}
