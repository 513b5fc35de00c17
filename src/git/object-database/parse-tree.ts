/** One entry of a tree object. */
export interface TreeEntry {
  /** The mode as the tree stores it, in octal: `100644`, `100755`, `120000`, `160000`, or `40000` for a tree. */
  mode: string;
  /** The entry's name (one path component). */
  path: string;
  /** The entry's object id, 40 lowercase hex digits. */
  oid: string;
}

/**
 * Parses the content of a tree object (`<mode> <name>\0<20-byte id>`, repeated) into its entries, in the
 * order the tree stores them. Names are decoded as UTF-8 by default; `latin1` keeps every byte of a name
 * that is not valid UTF-8 distinct and round-trippable, which is what a merge that must re-encode the
 * tree needs. Throws when the content is not a well-formed tree.
 */
export function parseTree(content: Buffer, options: { encoding?: 'utf8' | 'latin1' } = {}): TreeEntry[] {
  const encoding = options.encoding ?? 'utf8';
  const entries: TreeEntry[] = [];
  let at = 0;
  while (at < content.length) {
    const space = content.indexOf(0x20, at);
    const nul = space < 0 ? -1 : content.indexOf(0, space + 1);
    if (space <= at || nul < 0 || nul + 21 > content.length)
      throw new Error(`corrupt tree: bad entry at byte ${at}`);
    entries.push({
      mode: content.toString('latin1', at, space),
      path: content.toString(encoding, space + 1, nul),
      oid: content.toString('hex', nul + 1, nul + 21),
    });
    at = nul + 21;
  }
  return entries;
}
