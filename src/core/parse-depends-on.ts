/**
 * Returns the values of every `Depends-On:` footer in a commit message, in order: one per line,
 * case-insensitive, surrounding spaces ignored (as Zuul reads them). Duplicates are kept once.
 */
export function parseDependsOn(message: string): string[] {
  const found: string[] = [];
  for (const match of message.matchAll(/^[ \t]*depends-on:[ \t]*(\S+)[ \t]*$/gim)) {
    if (!found.includes(match[1])) found.push(match[1]);
  }
  return found;
}
