/** An author or committer line: who, and when in their own time zone. */
export interface Signature {
  name: string;
  email: string;
  /** Seconds since the epoch. */
  timestamp: number;
  /**
   * Minutes to add to local time to get UTC, as `Date#getTimezoneOffset` and isomorphic-git give it:
   * `+0200` is -120.
   */
  timezoneOffset: number;
}

/** The parts of a commit object. */
export interface Commit {
  tree: string;
  parents: string[];
  author: Signature;
  committer: Signature;
  /** Everything after the blank line that ends the headers, as is: not normalised as isomorphic-git does. */
  message: string;
  /** The signature (`gpgsig` header), when the commit is signed. */
  gpgsig?: string;
  /** Every other header (`encoding`, `mergetag`, …) by name; continuation lines, and repeats, joined with `\n`. */
  extraHeaders: Record<string, string>;
}

/**
 * Parses the content of a commit object: headers (continuation lines start with a space) up to the first
 * blank line, then the message. Headers are read by position as git reads them: `tree` must come first,
 * the `parent`s are the lines right after it, and the first `author` and `committer` win; every other
 * header is kept in `extraHeaders`. Text is decoded as UTF-8 (an `encoding` header is reported, not
 * applied). Throws when the tree, author or committer is missing or malformed.
 */
export function parseCommit(content: Buffer): Commit {
  const text = content.toString('utf8');
  const end = text.indexOf('\n\n');
  const head = end < 0 ? text : text.slice(0, end);
  const message = end < 0 ? '' : text.slice(end + 2);
  const headers: Array<[string, string]> = [];
  for (const line of head.split('\n')) {
    if (line.startsWith(' ') && headers.length > 0) headers[headers.length - 1][1] += `\n${line.slice(1)}`;
    else if (line) {
      const space = line.indexOf(' ');
      headers.push(space < 0 ? [line, ''] : [line.slice(0, space), line.slice(space + 1)]);
    }
  }
  const [first, firstValue] = headers[0] ?? [];
  if (first !== 'tree' || !/^[0-9a-f]{40}$/.test(firstValue)) {
    throw new Error('corrupt commit: it does not start with a tree');
  }
  let at = 1;
  const parents: string[] = [];
  for (; at < headers.length && headers[at][0] === 'parent'; at++) parents.push(headers[at][1]);
  let author: Signature | undefined;
  let committer: Signature | undefined;
  let gpgsig: string | undefined;
  const extraHeaders: Record<string, string> = {};
  for (const [name, value] of headers.slice(at)) {
    if (name === 'author') author ??= parseSignature(value);
    else if (name === 'committer') committer ??= parseSignature(value);
    else if (name === 'gpgsig') gpgsig ??= value;
    else extraHeaders[name] = name in extraHeaders ? `${extraHeaders[name]}\n${value}` : value;
  }
  if (!author || !committer) throw new Error('corrupt commit: no author or committer');
  const signature = gpgsig === undefined ? {} : { gpgsig };
  return { tree: firstValue, parents, author, committer, message, ...signature, extraHeaders };
}
/** `Name <email> 1700000000 +0200`; the name may be empty and may contain anything but `<`. */
function parseSignature(value: string): Signature {
  const match = /^(.*?) ?<([^>]*)> (\d+) ([+-])(\d\d)(\d\d)$/.exec(value);
  if (!match) throw new Error(`corrupt commit: bad signature ${JSON.stringify(value)}`);
  const [, name, email, seconds, sign, hours, minutes] = match;
  const offset = Number(hours) * 60 + Number(minutes);
  return {
    name,
    email,
    timestamp: Number(seconds),
    // isomorphic-git's convention, and no negative zero for +0000.
    timezoneOffset: offset === 0 ? 0 : sign === '+' ? -offset : offset,
  };
}
