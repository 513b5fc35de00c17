import type * as nodeFs from 'node:fs';
import path from 'node:path';

/** git follows alternates of alternates, up to this depth (link_alt_odb_entry in object-file.c). */
const MAX_DEPTH = 5;

/**
 * Lists the object directories a repository borrows objects from: the lines of `objects/info/alternates`
 * (absolute, or relative to the objects directory; `#` comments and blank lines skipped), and theirs in
 * turn, depth first, without duplicates and without `objectsDir` itself. Missing files mean none.
 */
export async function readAlternates(args: { fs: typeof nodeFs; objectsDir: string }): Promise<string[]> {
  const { fs } = args;
  const seen = new Set<string>([path.resolve(args.objectsDir)]);
  const found: string[] = [];
  const visit = async (objectsDir: string, depth: number): Promise<void> => {
    let text: string;
    try {
      text = await fs.promises.readFile(path.join(objectsDir, 'info', 'alternates'), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    for (const line of text.split('\n')) {
      const entry = line.trim();
      if (!entry || entry.startsWith('#')) continue;
      const dir = path.resolve(objectsDir, unquote(entry));
      if (seen.has(dir)) continue;
      seen.add(dir);
      found.push(dir);
      if (depth < MAX_DEPTH) await visit(dir, depth + 1);
    }
  };
  await visit(args.objectsDir, 0);
  return found;
}

/** git writes a path with unusual characters as a C-style quoted string. */
function unquote(entry: string): string {
  if (!entry.startsWith('"') || !entry.endsWith('"') || entry.length < 2) return entry;
  const escapes: Record<string, string> = {
    n: '\n',
    t: '\t',
    '"': '"',
    '\\': '\\',
    a: '\x07',
    b: '\b',
    f: '\f',
    r: '\r',
    v: '\v',
  };
  const bytes: number[] = [];
  const body = Buffer.from(entry.slice(1, -1), 'utf8');
  for (let i = 0; i < body.length; i++) {
    if (body[i] !== 0x5c) {
      bytes.push(body[i]);
      continue;
    }
    const next = String.fromCharCode(body[++i]);
    if (/[0-7]/.test(next)) {
      bytes.push(parseInt(body.toString('latin1', i, i + 3), 8));
      i += 2;
    } else bytes.push((escapes[next] ?? next).charCodeAt(0));
  }
  return Buffer.from(bytes).toString('utf8');
}
