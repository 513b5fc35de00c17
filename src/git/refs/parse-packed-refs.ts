import { UserError } from '../../errors/specgate-error.js';

const RECORD = /^([0-9a-fA-F]{40}) ([^]+)$/;
const PEELED = /^\^[0-9a-fA-F]{40}$/;

/**
 * The refs of a `packed-refs` file's text, by full name, as git 2.39's packed-refs reader takes them: an
 * optional `# pack-refs with:` header as the first line, then `<oid> <name>` lines, each optionally
 * followed by one `^<oid>` line (the peeled tag). Any other line — an empty one, a comment below the header,
 * a `^` line with no ref above it — and a last line without its newline make git die on every command, so
 * they are refused here too rather than read around. A name is kept as written (a CRLF file's names end in
 * `\r` and so match no ref, as in git).
 *
 * @param file how to name the file in the message.
 * @throws UserError (`BAD_PACKED_REFS`) naming the file and the line, as git's fatal error does.
 */
export function parsePackedRefs(text: string, file: string): Map<string, string> {
  const refs = new Map<string, string>();
  if (text === '') return refs;
  const lines = text.split('\n');
  const last = lines.pop()!;
  if (last !== '') throw broken(`unterminated line in ${file}: ${last}`, file);
  let peelable = false;
  for (const [index, line] of lines.entries()) {
    if (index === 0 && line.startsWith('# pack-refs with:')) continue;
    const record = RECORD.exec(line);
    if (record) {
      refs.set(record[2], record[1].toLowerCase());
      peelable = true;
    } else if (peelable && PEELED.test(line)) {
      peelable = false;
    } else {
      throw broken(`unexpected line in ${file}: ${line}`, file);
    }
  }
  return refs;
}

function broken(message: string, file: string): UserError {
  return new UserError('BAD_PACKED_REFS', message, {
    suggestion: `git refuses this repository too: repair or remove that line of ${file}`,
    data: { file },
  });
}
