/** What a ref name may hold here: git's own rules, narrowed to characters no shell would read as syntax. */
const NAME = /^[A-Za-z0-9._/@+-]+$/;
const SUFFIX = /(?:[~^][0-9]*)*$/;

/**
 * Whether `value` can name one change: a branch, tag or commit id (or `HEAD`), optionally with `~N` and
 * `^N` suffixes, spelt as `git check-ref-format --allow-onelevel` accepts — and without the characters a
 * shell would expand (`$`, backquotes, parentheses, quotes, spaces), which git allows in names but no one
 * means in a `Depends-On:` footer. Not whether such a revision exists: that is for the repository to say.
 */
export function isChangeSpec(value: string): boolean {
  const name = value.replace(SUFFIX, '');
  if (name === '' || !NAME.test(name)) return false;
  if (name.includes('..') || name.includes('@{') || name.includes('//') || name === '@') return false;
  if (name.startsWith('/') || name.startsWith('-') || name.endsWith('/') || name.endsWith('.')) return false;
  return name.split('/').every((part) => !part.startsWith('.') && !part.endsWith('.lock'));
}
