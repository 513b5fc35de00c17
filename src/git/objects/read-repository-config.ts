import path from 'node:path';
import type { GitContext } from '../git-context.js';

/** One `name = value` of a git config file; `value` is `undefined` for a bare `name` (boolean true). */
export interface ConfigEntry {
  /** `section.key` or `section.subsection.key`: section and key lowercased, the subsection as written. */
  name: string;
  value: string | undefined;
}

const memos = new WeakMap<object, ConfigEntry[]>();

/**
 * The entries of the repository's own config file (`<common gitdir>/config`), in file order, read once
 * per run (`ctx.cache`). Only what the object layer needs to know (promisor remotes, `core.commitGraph`)
 * is read this way: git's syntax for sections, subsections, quoting, escapes, comments and continuation
 * lines; `include` directives and the user's global config are not followed. A missing file has no
 * entries.
 */
export function readRepositoryConfig(ctx: GitContext): ConfigEntry[] {
  let entries = memos.get(ctx.cache);
  if (!entries) {
    let text = '';
    try {
      text = ctx.fs.readFileSync(path.join(commonDirOf(ctx), 'config'), 'utf8');
    } catch (error) {
      if (!['ENOENT', 'ENOTDIR'].includes((error as NodeJS.ErrnoException).code ?? '')) throw error;
    }
    entries = parseConfig(text);
    memos.set(ctx.cache, entries);
  }
  return entries;
}

function parseConfig(text: string): ConfigEntry[] {
  const entries: ConfigEntry[] = [];
  let section = '';
  let at = 0;
  const skipBlanks = () => {
    while (at < text.length && (text[at] === ' ' || text[at] === '\t')) at++;
  };
  const skipLine = () => {
    while (at < text.length && text[at] !== '\n') at++;
    at++;
  };
  while (at < text.length) {
    skipBlanks();
    const char = text[at];
    if (char === undefined) break;
    if (char === '\n' || char === '\r') at++;
    else if (char === '#' || char === ';') skipLine();
    else if (char === '[') {
      const end = text.indexOf(']', at);
      if (end < 0) break;
      section = sectionName(text.slice(at + 1, end));
      at = end + 1;
    } else {
      const match = /^[A-Za-z][A-Za-z0-9-]*/.exec(text.slice(at, at + 256));
      if (!match) {
        skipLine();
        continue;
      }
      const key = match[0].toLowerCase();
      at += match[0].length;
      skipBlanks();
      if (text[at] !== '=') {
        entries.push({ name: `${section}.${key}`, value: undefined });
        skipLine();
        continue;
      }
      at++;
      const [value, next] = readValue(text, at);
      at = next;
      entries.push({ name: `${section}.${key}`, value });
    }
  }
  return entries;
}

/** `core`, `remote "origin"` (subsection kept as written) or the old `remote.origin` (lowercased). */
function sectionName(header: string): string {
  const quoted = /^\s*([A-Za-z0-9.-]+)\s+"((?:[^"\\]|\\.)*)"\s*$/.exec(header);
  if (quoted) return `${quoted[1].toLowerCase()}.${quoted[2].replace(/\\(.)/g, '$1')}`;
  return header.trim().toLowerCase();
}

/** A value up to the end of its line: quotes, `\` escapes and continuations, comments, outer blanks trimmed. */
function readValue(text: string, start: number): [string, number] {
  let value = '';
  let quoted = false;
  // Blanks are kept inside the value but not at its end, unless quoted.
  let pendingBlanks = '';
  let at = start;
  for (; at < text.length; at++) {
    const char = text[at];
    if (char === '\n') break;
    if (!quoted && (char === '#' || char === ';')) {
      while (at < text.length && text[at] !== '\n') at++;
      break;
    }
    if (!quoted && (char === ' ' || char === '\t' || char === '\r')) {
      if (value) pendingBlanks += char === '\r' ? '' : char;
      continue;
    }
    value += pendingBlanks;
    pendingBlanks = '';
    if (char === '"') quoted = !quoted;
    else if (char === '\\') {
      const next = text[++at];
      if (next === '\n') continue;
      if (next === '\r' && text[at + 1] === '\n') {
        at++;
        continue;
      }
      value += next === 'n' ? '\n' : next === 't' ? '\t' : next === 'b' ? '\b' : (next ?? '');
    } else value += char;
  }
  return [value, at + 1];
}

/** The common git directory holds the objects directory (`GitContext.objectsDir`), as `openRepository` found it. */
function commonDirOf(ctx: GitContext): string {
  return path.dirname(ctx.objectsDir);
}
