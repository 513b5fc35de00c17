/**
 * The clean (check-in) side of `ident`, as git's `ident_to_git`: every `$Id: ... $` on one line collapses
 * back to `$Id$`.
 *
 * @returns the new content, or undefined when there is nothing to collapse.
 */
export function collapseIdent(content: Buffer): Buffer | undefined {
  if (content.indexOf('$Id:') < 0) return undefined;
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
    if (len - src > 3 && content[src] === 0x49 && content[src + 1] === 0x64 && content[src + 2] === 0x3a) {
      const close = content.indexOf(DOLLAR, src + 3);
      if (close < 0) break;
      if (content.subarray(src + 3, close).includes(0x0a)) continue;
      out.push(Buffer.from('Id$', 'latin1'));
      changed = true;
      src = close + 1;
    }
  }
  if (!changed) return undefined;
  out.push(content.subarray(src));
  return Buffer.concat(out);
}
