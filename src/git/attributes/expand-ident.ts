/**
 * Expands every `$Id$` (and re-expands every `$Id: ... $` on one line without inner blanks) of a blob's
 * content into `$Id: <blob id> $`, as git's `ident_to_worktree` does for a path with the `ident`
 * attribute. `oid` is the id of the blob whose content this is.
 *
 * @returns the new content, or undefined when there is nothing to expand.
 */
export function expandIdent(content: Buffer, oid: string): Buffer | undefined {
  if (content.indexOf('$Id') < 0) return undefined;
  const DOLLAR = 0x24;
  const out: Buffer[] = [];
  let src = 0;
  let changed = false;
  const len = content.length;
  for (;;) {
    const dollar = content.indexOf(DOLLAR, src);
    if (dollar < 0) break;
    out.push(content.subarray(src, dollar + 1));
    src = dollar + 1;
    // `Id$` or `Id:...$`, with at least three bytes after the dollar.
    if (len - src < 3 || content[src] !== 0x49 || content[src + 1] !== 0x64) continue;
    if (content[src + 2] === DOLLAR) {
      src += 3;
    } else if (content[src + 2] === 0x3a) {
      const close = content.indexOf(DOLLAR, src + 3);
      // An incomplete keyword: nothing more can be expanded.
      if (close < 0) break;
      const inner = content.subarray(src + 3, close);
      if (inner.includes(0x0a)) continue;
      // A blank anywhere but just before the closing dollar: another system's id, kept.
      const space = content.subarray(src + 4, close).indexOf(0x20);
      if (space >= 0 && src + 4 + space < close - 1) continue;
      src = close + 1;
    } else continue;
    out.push(Buffer.from(`Id: ${oid} $`, 'latin1'));
    changed = true;
  }
  if (!changed) return undefined;
  out.push(content.subarray(src));
  return Buffer.concat(out);
}
