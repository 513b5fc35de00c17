/**
 * Returns the value of every `Depends-On:` footer in a commit message, in order: one per line, the key
 * case-insensitive, surrounding spaces ignored (as Zuul reads them). The whole rest of the line is the
 * value, so that `Depends-On: a b` gives `a b`, for the caller to refuse, rather than a silently dropped
 * line; an empty value is given as `''`. Duplicates are kept once.
 */
export function parseDependsOn(message: string): string[] {
  const found: string[] = [];
  for (const match of message.matchAll(/^[ \t]*depends-on:(.*)$/gim)) {
    const value = match[1].trim();
    if (!found.includes(value)) found.push(value);
  }
  return found;
}
