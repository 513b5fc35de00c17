/** One `name = value` of a git config file, with its section and subsection. */
export interface GitConfigEntry {
  /** `section.key` lowercased, with the subsection in between when there is one, as given: `filter.lfs.smudge`. */
  key: string;
  /** The value after git's unquoting, or null for a key given without `=` (boolean true). */
  value: string | null;
  /** The variable's name as the file spells it (`objectFormat`), for messages that quote the user. */
  spelled: string;
}

/**
 * Parses the text of a git config file into its entries, in order, as git's `config.c` reads it: section
 * and key names are case-insensitive, a `[section "sub"]` subsection keeps its case (the old
 * `[section.sub]` form is lowercased), a value loses its surrounding blanks and its `#`/`;` comment,
 * double quotes group, `\n` `\t` `\b` `\\` `\"` are escapes, and a backslash at the end of a line continues
 * the value on the next one. Written by hand rather than taken from npm: the ini-based parsers there
 * neither unquote nor keep subsection case as git does. A line that is not valid config stops parsing, as
 * git refuses the rest of a broken file.
 */
export function parseGitConfig(text: string): GitConfigEntry[] {
  const entries: GitConfigEntry[] = [];
  let section: string | undefined;
  let i = text.startsWith('\uFEFF') ? 1 : 0;
  const n = text.length;
  while (i < n) {
    const c = text[i];
    if (c === '\n' || c === ' ' || c === '\t' || c === '\r') {
      i++;
      continue;
    }
    if (c === '#' || c === ';') {
      while (i < n && text[i] !== '\n') i++;
      continue;
    }
    if (c === '[') {
      const header = parseSectionHeader(text, i + 1);
      if (!header) return entries;
      section = header.section;
      i = header.end;
      continue;
    }
    if (!/[A-Za-z]/.test(c) || section === undefined) return entries;
    let j = i;
    while (j < n && /[A-Za-z0-9-]/.test(text[j])) j++;
    const spelled = text.slice(i, j);
    const name = spelled.toLowerCase();
    while (j < n && (text[j] === ' ' || text[j] === '\t')) j++;
    if (j >= n || text[j] === '\n' || text[j] === '\r' || text[j] === '#' || text[j] === ';') {
      entries.push({ key: `${section}.${name}`, value: null, spelled });
      while (j < n && text[j] !== '\n') j++;
      i = j;
      continue;
    }
    if (text[j] !== '=') return entries;
    const parsed = parseValue(text, j + 1);
    if (!parsed) return entries;
    entries.push({ key: `${section}.${name}`, value: parsed.value, spelled });
    i = parsed.end;
  }
  return entries;
}

function parseSectionHeader(text: string, from: number): { section: string; end: number } | undefined {
  let i = from;
  let name = '';
  while (i < text.length && /[A-Za-z0-9.-]/.test(text[i])) name += text[i++];
  if (name === '') return undefined;
  if (text[i] === ']') {
    // `[section.sub]`: the old form, subsection lowercased too.
    return { section: name.toLowerCase(), end: i + 1 };
  }
  while (text[i] === ' ' || text[i] === '\t') i++;
  if (text[i] !== '"') return undefined;
  i++;
  let sub = '';
  while (i < text.length && text[i] !== '"') {
    if (text[i] === '\n') return undefined;
    if (text[i] === '\\') i++;
    sub += text[i++];
  }
  if (text[i] !== '"' || text[i + 1] !== ']') return undefined;
  return { section: `${name.toLowerCase()}.${sub}`, end: i + 2 };
}

function parseValue(text: string, from: number): { value: string; end: number } | undefined {
  let value = '';
  let pendingSpace = '';
  let quoted = false;
  let comment = false;
  let i = from;
  for (; i < text.length; i++) {
    const c = text[i];
    if (c === '\n') {
      if (quoted) return undefined;
      break;
    }
    if (comment) continue;
    if (!quoted && (c === ' ' || c === '\t')) {
      // Blanks count only between words, each as one space (a tab too), as git keeps them.
      if (value !== '') pendingSpace += ' ';
      continue;
    }
    if (!quoted && (c === ';' || c === '#')) {
      comment = true;
      continue;
    }
    if (c === '\r' && text[i + 1] === '\n') continue;
    value += pendingSpace;
    pendingSpace = '';
    if (c === '\\') {
      const next = text[++i];
      if (next === '\n') continue;
      if (next === '\r' && text[i + 1] === '\n') {
        i++;
        continue;
      }
      const escaped: Record<string, string> = { n: '\n', t: '\t', b: '\b', '\\': '\\', '"': '"' };
      if (next === undefined || !(next in escaped)) return undefined;
      value += escaped[next];
      continue;
    }
    if (c === '"') {
      quoted = !quoted;
      continue;
    }
    value += c;
  }
  if (quoted) return undefined;
  return { value, end: i };
}
