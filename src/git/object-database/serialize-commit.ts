import type { Signature } from './parse-commit.js';

/** A commit to write: what specgate sets. */
export interface NewCommit {
  tree: string;
  parents: string[];
  author: Signature;
  committer: Signature;
  message: string;
}

/**
 * The content of a commit object, as git writes one: `tree`, `parent` lines, `author` and `committer`
 * with their time zones, a blank line and the message (given a final newline if it has none, as
 * `git commit` does).
 */
export function serializeCommit(commit: NewCommit): Buffer {
  const lines = [`tree ${commit.tree}`, ...commit.parents.map((parent) => `parent ${parent}`)];
  lines.push(`author ${signature(commit.author)}`, `committer ${signature(commit.committer)}`);
  const message = commit.message.endsWith('\n') ? commit.message : `${commit.message}\n`;
  return Buffer.from(`${lines.join('\n')}\n\n${message}`, 'utf8');
}

function signature(who: Signature): string {
  // isomorphic-git's convention (and Date#getTimezoneOffset's): minutes to add to local time to get UTC.
  const minutes = -who.timezoneOffset;
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  const zone = `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}${String(abs % 60).padStart(2, '0')}`;
  return `${who.name} <${who.email}> ${who.timestamp} ${zone}`;
}
