import { wildmatch } from './wildmatch.js';
import {
  type AttributeLine,
  type AttributePattern,
  type AttributeState,
  type AttributeValue,
  parseGitattributes,
} from './parse-gitattributes.js';

/** The text of one gitattributes file and where it applies. */
export interface AttributeSource {
  /**
   * The directory of the work tree its patterns are relative to, `/`-separated, `''` for the top
   * (`info/attributes`, `core.attributesFile` and the system file apply from the top too).
   */
  base: string;
  text: string;
}

/** The attributes of one path: name → value; a name that is absent is unspecified. */
export type PathAttributes = ReadonlyMap<string, Exclude<AttributeValue, null>>;

/** Resolves the attributes of a file path, as `git check-attr --all` would print them. */
export type AttributeLookup = (path: string) => PathAttributes;

/** git's only built-in macro. */
const BUILTIN_MACROS: AttributeLine[] = [
  { kind: 'macro', name: 'binary', states: parseStates('-diff -merge -text') },
];

interface Frame {
  base: string;
  lines: AttributeLine[];
}

/**
 * Builds the attribute resolver for one work tree from every source git reads, in git's precedence: the
 * system file lowest (`system`), then `core.attributesFile` (`global`), then the `.gitattributes` of each
 * directory from the top down to the path's own (`tree`, keyed by directory), and `$GIT_DIR/info/attributes`
 * (`info`) above all. Within a file a later line wins over an earlier one; a pattern without `/` matches the
 * basename at any depth below its file's directory, one with `/` matches the path relative to that
 * directory (`WM_PATHNAME`), and one ending in `/` never matches a file. A macro that is set (`binary`,
 * or one defined by `[attr]` in a top-level file) sets its own attributes where it is set, as git's
 * `fill_one` expands it, without overriding what a rule of higher precedence already decided.
 */
export function createAttributeLookup(args: {
  system?: string;
  global?: string;
  tree: ReadonlyMap<string, string>;
  info?: string;
}): AttributeLookup {
  const outer = (text: string | undefined): Frame | undefined =>
    text === undefined
      ? undefined
      : { base: '', lines: parseGitattributes(stripBom(text), { allowMacros: true }) };
  const bottom = [{ base: '', lines: BUILTIN_MACROS }, outer(args.system), outer(args.global)].filter(
    (f): f is Frame => f !== undefined,
  );
  const top = outer(args.info);
  const dirs = new Map<string, Frame>();
  for (const [base, text] of args.tree)
    dirs.set(base, { base, lines: parseGitattributes(text, { allowMacros: base === '' }) });

  return (path: string): PathAttributes => {
    // Highest precedence first: info/attributes, the deepest directory, ..., the top, global, system.
    const frames: Frame[] = [];
    if (top) frames.push(top);
    const slashes: number[] = [];
    for (let i = path.indexOf('/'); i >= 0; i = path.indexOf('/', i + 1)) slashes.push(i);
    for (let k = slashes.length - 1; k >= 0; k--) {
      const frame = dirs.get(path.slice(0, slashes[k]));
      if (frame) frames.push(frame);
    }
    const root = dirs.get('');
    if (root) frames.push(root);
    for (let k = bottom.length - 1; k >= 0; k--) frames.push(bottom[k]);

    // The macro definition of highest precedence wins.
    const macros = new Map<string, AttributeState[]>();
    for (const frame of frames) {
      for (let i = frame.lines.length - 1; i >= 0; i--) {
        const line = frame.lines[i];
        if (line.kind === 'macro' && !macros.has(line.name)) macros.set(line.name, line.states);
      }
    }

    const decided = new Map<string, AttributeValue>();
    const fill = (states: AttributeState[]): void => {
      for (let i = states.length - 1; i >= 0; i--) {
        const { name, value } = states[i];
        if (decided.has(name)) continue;
        decided.set(name, value);
        const macro = macros.get(name);
        if (macro && value === true) fill(macro);
      }
    };
    for (const frame of frames) {
      for (let i = frame.lines.length - 1; i >= 0; i--) {
        const line = frame.lines[i];
        if (line.kind === 'rule' && matches(line.pattern, frame.base, path)) fill(line.states);
      }
    }
    const result = new Map<string, Exclude<AttributeValue, null>>();
    for (const [name, value] of decided) if (value !== null) result.set(name, value);
    return result;
  };
}

/** git's `path_matches` for a file (never a directory) at `path`, for a pattern of the file in `base`. */
function matches(pattern: AttributePattern, base: string, path: string): boolean {
  if (pattern.directoryOnly) return false;
  if (base !== '' && !path.startsWith(`${base}/`)) return false;
  const relative = base === '' ? path : path.slice(base.length + 1);
  if (pattern.basename) {
    const slash = relative.lastIndexOf('/');
    return wildmatch(pattern.pattern, relative.slice(slash + 1), false);
  }
  const anchored = pattern.pattern.startsWith('/') ? pattern.pattern.slice(1) : pattern.pattern;
  // git's match_pathname compares the pattern's literal head as a string and hands only the rest to
  // wildmatch, so a `**` right after it counts as leading: `/.**` matches `.a/a`, as wildmatch alone would not.
  const head = literalHeadLength(anchored);
  if (!relative.startsWith(anchored.slice(0, head))) return false;
  const rest = anchored.slice(head);
  const name = relative.slice(head);
  if (rest === '') return name === '';
  return wildmatch(rest, name, true);
}

/** git's `simple_length`: how many characters of `pattern` come before its first glob character. */
function literalHeadLength(pattern: string): number {
  const glob = pattern.search(/[*?[\\]/);
  return glob === -1 ? pattern.length : glob;
}

function stripBom(text: string): string {
  return text.startsWith('\uFEFF') ? text.slice(1) : text;
}

function parseStates(text: string): AttributeState[] {
  const [line] = parseGitattributes(`[attr]m ${text}`, { allowMacros: true });
  return line.states;
}
