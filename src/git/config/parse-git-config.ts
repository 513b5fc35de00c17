import { UserError } from '../../errors/specgate-error.js';

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
 * neither unquote nor keep subsection case as git does.
 *
 * A line that is not valid config makes git die on every command ("bad config line 3 in file
 * .git/config") rather than read the file without it — skipping it could drop an eol or filter setting
 * unnoticed — so it throws, naming the file and the line git names.
 *
 * @param file how to name the file in the message.
 * @throws UserError (`BAD_GIT_CONFIG`) on the first line git does not parse.
 */
export function parseGitConfig(text: string, file: string): GitConfigEntry[] {
  try {
    return parseEntries(text);
  } catch (error) {
    if (!(error instanceof BadLine)) throw error;
    // git counts the newlines before the offending character; a newline where `]` must close a subsection too.
    const end = text[error.at] === '\n' && error.countsNewline ? error.at + 1 : error.at;
    let line = 1;
    for (let i = text.indexOf('\n'); i !== -1 && i < end; i = text.indexOf('\n', i + 1)) line++;
    throw new UserError('BAD_GIT_CONFIG', `bad config line ${line} in file ${file}`, {
      suggestion: `fix or remove that line: git refuses the file too`,
      data: { file, line },
    });
  }
}

/** Where in the text parsing failed: the index of the character git stops at, and whether git counts it as read when it is a newline. */
class BadLine {
  constructor(
    readonly at: number,
    readonly countsNewline = false,
  ) {}
}

function parseEntries(text: string): GitConfigEntry[] {
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
      if (!header) throw new BadLine(i);
      section = header.section;
      i = header.end;
      continue;
    }
    if (!/[A-Za-z]/.test(c)) throw new BadLine(i);
    let j = i;
    while (j < n && /[A-Za-z0-9-]/.test(text[j])) j++;
    const spelled = text.slice(i, j);
    const name = spelled.toLowerCase();
    while (j < n && (text[j] === ' ' || text[j] === '\t')) j++;
    if (j >= n || text[j] === '\n' || text[j] === '\r' || text[j] === '#' || text[j] === ';') {
      entries.push({ key: keyOf(section, name), value: null, spelled });
      while (j < n && text[j] !== '\n') j++;
      i = j;
      continue;
    }
    if (text[j] !== '=') throw new BadLine(j);
    const parsed = parseValue(text, j + 1);
    entries.push({ key: keyOf(section, name), value: parsed.value, spelled });
    i = parsed.end;
  }
  return entries;
}

/** A key before any section header is a bare name, as `git config --list` shows it. */
function keyOf(section: string | undefined, name: string): string {
  return section === undefined ? name : `${section}.${name}`;
}

/** The section of a `[...]` header starting after `[` at `from`; throws `BadLine` where git stops. */
function parseSectionHeader(text: string, from: number): { section: string; end: number } {
  let i = from;
  let name = '';
  while (i < text.length && /[A-Za-z0-9.-]/.test(text[i])) name += text[i++];
  if (name === '') throw new BadLine(i);
  if (text[i] === ']') {
    // `[section.sub]`: the old form, subsection lowercased too.
    return { section: name.toLowerCase(), end: i + 1 };
  }
  while (text[i] === ' ' || text[i] === '\t') i++;
  if (text[i] !== '"') throw new BadLine(i);
  i++;
  let sub = '';
  while (i < text.length && text[i] !== '"') {
    if (text[i] === '\\') i++;
    if (text[i] === '\n') throw new BadLine(i);
    sub += text[i++];
  }
  if (text[i] !== '"') throw new BadLine(i);
  if (text[i + 1] !== ']') throw new BadLine(i + 1, true);
  return { section: `${name.toLowerCase()}.${sub}`, end: i + 2 };
}

/** A value starting after `=` at `from`, to its line's end; throws `BadLine` where git stops. */
function parseValue(text: string, from: number): { value: string; end: number } {
  let value = '';
  let pendingSpace = '';
  let quoted = false;
  let comment = false;
  let i = from;
  for (; i < text.length; i++) {
    const c = text[i];
    if (c === '\n') {
      if (quoted) throw new BadLine(i);
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
      if (next === undefined || !(next in escaped)) throw new BadLine(i);
      value += escaped[next];
      continue;
    }
    if (c === '"') {
      quoted = !quoted;
      continue;
    }
    value += c;
  }
  if (quoted) throw new BadLine(i);
  return { value, end: i };
}
