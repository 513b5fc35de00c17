/**
 * Whether `text` matches the glob `pattern` exactly as git's `wildmatch()` decides, which is what
 * `.gitattributes` patterns use (picomatch and minimatch differ from it on `**` inside names, on `[!...]`
 * and `[[:class:]]` sets and on backslash escapes, so a library would pick other files than git).
 *
 * With `pathname` (git's `WM_PATHNAME`), `*`, `?` and bracket sets never match `/`, and `**` matches
 * across directories only as a whole path component (at the start or after a slash, and at the end or
 * before one); without it, `*` matches
 * anything. Both strings are compared byte by byte as their UTF-8 encodings, as git compares them.
 */
export function wildmatch(pattern: string, text: string, pathname: boolean): boolean {
  const p = Buffer.from(pattern, 'utf8');
  const t = Buffer.from(text, 'utf8');
  return match(p, 0, t, 0, pathname) === MATCH;
}

const MATCH = 0;
const NOMATCH = 1;
const ABORT_ALL = -1;
const ABORT_TO_STARSTAR = -2;

const SLASH = 0x2f;
const STAR = 0x2a;
const BACKSLASH = 0x5c;

type Outcome = typeof MATCH | typeof NOMATCH | typeof ABORT_ALL | typeof ABORT_TO_STARSTAR;

function isGlobSpecial(c: number | undefined): boolean {
  return c === STAR || c === 0x3f /* ? */ || c === 0x5b /* [ */ || c === BACKSLASH;
}

// Reads past the end give undefined, which plays the part of C's terminating NUL.
function match(p: Buffer, pi: number, t: Buffer, ti: number, pathname: boolean): Outcome {
  for (; pi < p.length; ti++, pi++) {
    let pc: number | undefined = p[pi];
    let tc: number | undefined = t[ti];
    if (tc === undefined && pc !== STAR) return ABORT_ALL;
    switch (pc) {
      case BACKSLASH:
        pc = p[++pi];
        if (tc !== pc) return NOMATCH;
        continue;
      case 0x3f: // ?
        if (pathname && tc === SLASH) return NOMATCH;
        continue;
      case STAR: {
        let matchSlash: boolean;
        if (p[++pi] === STAR) {
          const prev = pi;
          while (p[++pi] === STAR) {
            // skip the run of stars
          }
          if (!pathname) matchSlash = true;
          else if (
            (prev < 2 || p[prev - 2] === SLASH) &&
            (pi >= p.length || p[pi] === SLASH || (p[pi] === BACKSLASH && p[pi + 1] === SLASH))
          ) {
            // `**/` may match no directory at all: try the rest of the pattern here first.
            if (p[pi] === SLASH && match(p, pi + 1, t, ti, pathname) === MATCH) return MATCH;
            matchSlash = true;
          } else matchSlash = false;
        } else matchSlash = !pathname;
        if (pi >= p.length) {
          if (!matchSlash && t.indexOf(SLASH, ti) >= 0) return ABORT_TO_STARSTAR;
          return MATCH;
        }
        if (!matchSlash && p[pi] === SLASH) {
          // One star then a slash: the star takes the rest of this path component.
          const slash = t.indexOf(SLASH, ti);
          if (slash < 0) return ABORT_ALL;
          ti = slash;
          break;
        }
        for (;;) {
          if (tc === undefined) break;
          if (!isGlobSpecial(p[pi])) {
            const literal = p[pi];
            while ((tc = t[ti]) !== undefined && (matchSlash || tc !== SLASH)) {
              if (tc === literal) break;
              ti++;
            }
            if (tc !== literal) return matchSlash ? ABORT_ALL : ABORT_TO_STARSTAR;
          }
          const matched = match(p, pi, t, ti, pathname);
          if (matched !== NOMATCH) {
            if (!matchSlash || matched !== ABORT_TO_STARSTAR) return matched;
          } else if (!matchSlash && tc === SLASH) return ABORT_TO_STARSTAR;
          tc = t[++ti];
        }
        return ABORT_ALL;
      }
      case 0x5b: {
        // [
        pc = p[++pi];
        const negated = pc === 0x21 /* ! */ || pc === 0x5e; /* ^ */
        if (negated) pc = p[++pi];
        let prev: number | undefined = 0;
        let matched = false;
        do {
          if (pc === undefined) return ABORT_ALL;
          if (pc === BACKSLASH) {
            pc = p[++pi];
            if (pc === undefined) return ABORT_ALL;
            if (tc === pc) matched = true;
          } else if (pc === 0x2d /* - */ && prev && p[pi + 1] !== undefined && p[pi + 1] !== 0x5d) {
            pc = p[++pi];
            if (pc === BACKSLASH) {
              pc = p[++pi];
              if (pc === undefined) return ABORT_ALL;
            }
            if (tc !== undefined && tc <= pc! && tc >= prev) matched = true;
            pc = 0;
          } else if (pc === 0x5b && p[pi + 1] === 0x3a /* : */) {
            const start = (pi += 2);
            while ((pc = p[pi]) !== undefined && pc !== 0x5d) pi++;
            if (pc === undefined) return ABORT_ALL;
            const length = pi - start - 1;
            if (length < 0 || p[pi - 1] !== 0x3a) {
              // No closing ":]": a plain `[` in the set.
              pi = start - 2;
              pc = 0x5b;
              if (tc === pc) matched = true;
            } else {
              const cls = characterClass(p.toString('latin1', start, start + length));
              if (cls === undefined) return ABORT_ALL;
              if (tc !== undefined && cls(tc)) matched = true;
              pc = 0;
            }
          } else if (tc === pc) matched = true;
          prev = pc;
          pc = p[++pi];
        } while (pc !== 0x5d);
        if (matched === negated || (pathname && tc === SLASH)) return NOMATCH;
        continue;
      }
      default:
        if (tc !== pc) return NOMATCH;
        continue;
    }
  }
  return ti < t.length ? NOMATCH : MATCH;
}

/** The POSIX classes wildmatch knows, in the C locale (bytes above 127 belong to none). */
function characterClass(name: string): ((c: number) => boolean) | undefined {
  const ch = (c: number): string => String.fromCharCode(c);
  switch (name) {
    case 'alnum':
      return (c) => /[0-9A-Za-z]/.test(ch(c));
    case 'alpha':
      return (c) => /[A-Za-z]/.test(ch(c));
    case 'blank':
      return (c) => c === 0x20 || c === 0x09;
    case 'cntrl':
      return (c) => c < 0x20 || c === 0x7f;
    case 'digit':
      return (c) => c >= 0x30 && c <= 0x39;
    case 'graph':
      return (c) => c > 0x20 && c < 0x7f;
    case 'lower':
      return (c) => c >= 0x61 && c <= 0x7a;
    case 'print':
      return (c) => c >= 0x20 && c < 0x7f;
    case 'punct':
      return (c) => c > 0x20 && c < 0x7f && !/[0-9A-Za-z]/.test(ch(c));
    case 'space':
      return (c) => c === 0x20 || (c >= 0x09 && c <= 0x0d);
    case 'upper':
      return (c) => c >= 0x41 && c <= 0x5a;
    case 'xdigit':
      return (c) => /[0-9A-Fa-f]/.test(ch(c));
    default:
      return undefined;
  }
}
