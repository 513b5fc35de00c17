/**
 * The state one line gives an attribute: set (`text`), unset (`-text`), a value (`eol=crlf`), or
 * unspecified (`!text`, which hides whatever a rule of lower precedence says).
 */
export type AttributeValue = true | false | null | string;

/** One attribute assignment of a line, in the order written. */
export interface AttributeState {
  name: string;
  value: AttributeValue;
}

/** A `.gitattributes` pattern, pre-parsed as git's `parse_path_pattern` does. */
export interface AttributePattern {
  /** The pattern without its trailing `/`. */
  pattern: string;
  /** No `/` in it (other than a trailing one): matched against the basename at any depth. */
  basename: boolean;
  /** It ended with `/`: it names directories only, so it never matches a file. */
  directoryOnly: boolean;
}

/** One line of a `.gitattributes` file: a pattern rule, or a macro definition (`[attr]name ...`). */
export type AttributeLine =
  | { kind: 'rule'; pattern: AttributePattern; states: AttributeState[] }
  | { kind: 'macro'; name: string; states: AttributeState[] };

const BLANK = ' \t\r\n';
const MACRO_PREFIX = '[attr]';
/** git ignores longer lines (`ATTR_MAX_LINE_LENGTH`). */
const MAX_LINE_LENGTH = 2048;

/**
 * Parses the text of a gitattributes file into its rules and macro definitions, line by line as git's
 * `parse_attr_line` does: blank lines and `#` comments skipped, a pattern optionally C-quoted
 * (`"a b" text`), attributes separated by blanks. A line git would reject is skipped as git skips it: an
 * invalid attribute name, a negative (`!`) pattern, an overly long line, or a macro where macros are not
 * allowed (`allowMacros` is false for `.gitattributes` below the top directory).
 */
export function parseGitattributes(text: string, options: { allowMacros: boolean }): AttributeLine[] {
  const lines: AttributeLine[] = [];
  // git stops at a NUL, and splits on LF only; a CR before it is blank.
  const nul = text.indexOf('\0');
  const body = nul >= 0 ? text.slice(0, nul) : text;
  for (const raw of body.split('\n')) {
    const line = parseLine(raw, options.allowMacros);
    if (line) lines.push(line);
  }
  return lines;
}

function parseLine(line: string, allowMacros: boolean): AttributeLine | undefined {
  let cp = skipBlank(line, 0);
  if (cp >= line.length || line[cp] === '#') return undefined;
  if (Buffer.byteLength(line) >= MAX_LINE_LENGTH) return undefined;
  let name: string;
  let rest: number;
  const quoted = line[cp] === '"' ? unquoteC(line, cp) : undefined;
  if (quoted) {
    name = quoted.value;
    rest = quoted.end;
  } else {
    const end = skipNonBlank(line, cp);
    name = line.slice(cp, end);
    rest = end;
  }
  let macro: string | undefined;
  if (name.length > MACRO_PREFIX.length && name.startsWith(MACRO_PREFIX)) {
    if (!allowMacros) return undefined;
    // As git: the macro name is what follows `[attr]` in the original line, blanks allowed before it.
    let start = skipBlank(name, MACRO_PREFIX.length);
    const end = skipNonBlank(name, start);
    macro = name.slice(start, end);
    if (!validName(macro)) return undefined;
    start = end;
  }
  const states: AttributeState[] = [];
  cp = skipBlank(line, rest);
  while (cp < line.length) {
    const end = skipNonBlank(line, cp);
    const token = line.slice(cp, end);
    const state = parseState(token);
    if (!state) return undefined;
    states.push(state);
    cp = skipBlank(line, end);
  }
  if (macro !== undefined) return { kind: 'macro', name: macro, states };
  if (name.startsWith('!')) return undefined;
  return { kind: 'rule', pattern: parsePattern(name), states };
}

function parseState(token: string): AttributeState | undefined {
  const equals = token.indexOf('=');
  if (token.startsWith('-') || token.startsWith('!')) {
    // A value after `-name` or `!name` is not part of the name, and git drops it.
    const name = token.slice(1, equals >= 0 ? equals : undefined);
    if (!validName(name)) return undefined;
    return { name, value: token.startsWith('-') ? false : null };
  }
  const name = equals >= 0 ? token.slice(0, equals) : token;
  if (!validName(name)) return undefined;
  return { name, value: equals >= 0 ? token.slice(equals + 1) : true };
}

/** git's `attr_name_valid` and `attr_name_reserved`. */
function validName(name: string): boolean {
  return /^[A-Za-z0-9_.][-A-Za-z0-9_.]*$/.test(name) && !name.startsWith('builtin_');
}

function parsePattern(raw: string): AttributePattern {
  let pattern = raw;
  let directoryOnly = false;
  if (pattern.endsWith('/')) {
    pattern = pattern.slice(0, -1);
    directoryOnly = true;
  }
  return { pattern, basename: !pattern.includes('/'), directoryOnly };
}

function skipBlank(s: string, from: number): number {
  let i = from;
  while (i < s.length && BLANK.includes(s[i])) i++;
  return i;
}

function skipNonBlank(s: string, from: number): number {
  let i = from;
  while (i < s.length && !BLANK.includes(s[i])) i++;
  return i;
}

const C_ESCAPES: Record<string, string> = {
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '\\': '\\',
  '"': '"',
};

/**
 * git's `unquote_c_style` from the `"` at `start`: undefined when the quoting is malformed, which makes
 * git take the pattern as written, quotes and all.
 */
function unquoteC(s: string, start: number): { value: string; end: number } | undefined {
  const bytes: number[] = [];
  let i = start + 1;
  while (i < s.length) {
    const c = s[i];
    if (c === '"') return { value: Buffer.from(bytes).toString('utf8'), end: i + 1 };
    if (c !== '\\') {
      const char = String.fromCodePoint(s.codePointAt(i)!);
      bytes.push(...Buffer.from(char, 'utf8'));
      i += char.length;
      continue;
    }
    const next = s[i + 1];
    if (next !== undefined && next in C_ESCAPES) {
      bytes.push(C_ESCAPES[next].charCodeAt(0));
      i += 2;
    } else if (next !== undefined && /[0-3]/.test(next) && /^[0-7]{2}$/.test(s.slice(i + 2, i + 4))) {
      bytes.push(parseInt(s.slice(i + 1, i + 4), 8));
      i += 4;
    } else return undefined;
  }
  return undefined;
}
