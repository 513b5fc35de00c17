/** The most lines a failure body holds, whatever the log: a CI test view is no log viewer. */
const MAX_LINES = 200;
/** How many lines end the body when the log's failing part cannot be told. */
const TAIL_LINES = 50;

/**
 * The part of a failed job's log that says what failed, for a JUnit `<failure>` body:
 *
 * - TAP output (node:test's reporter off a terminal, tap, tape): every `not ok` line with the lines
 *   indented under it (its YAML diagnostics, `---` … `...`), then the closing `# tests` / `# pass` /
 *   `# fail` counts;
 * - mocha's spec reporter: from `N passing` (or `N failing` when it is missing) to the end, where mocha
 *   lists each failure with its assertion and stack;
 * - anything else: the last 50 lines.
 *
 * At most 200 lines: a longer part keeps its start (the first failures) and ends with a line saying how
 * many lines were left out. `text` is the log (or its end, for a huge one) with `\n` or `\r\n` lines.
 */
export function failingPart(text: string): string {
  const lines = text.replace(/\r?\n$/, '').split(/\r?\n/);
  const part = tapFailures(lines) ?? mochaFailures(lines) ?? lines.slice(-TAIL_LINES);
  if (part.length <= MAX_LINES) return part.join('\n');
  const kept = part.slice(0, MAX_LINES - 1);
  return [...kept, `… ${part.length - kept.length} more lines in the log`].join('\n');
}

function tapFailures(lines: readonly string[]): string[] | undefined {
  const notOk = /^(\s*)not ok\b/;
  if (!lines.some((line) => notOk.test(line))) return undefined;
  const part: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const match = notOk.exec(lines[i]);
    if (!match) continue;
    const indent = match[1].length;
    part.push(lines[i]);
    // The block: every following line indented deeper (blank lines inside a YAML block included).
    let j = i + 1;
    while (j < lines.length && (lines[j].trim() === '' || leading(lines[j]) > indent)) j++;
    while (j > i + 1 && lines[j - 1].trim() === '') j--;
    part.push(...lines.slice(i + 1, j));
    i = j - 1;
  }
  const counts = lines.filter((line) => /^# (tests|suites|pass|fail|cancelled|skipped|todo)\b/.test(line));
  return counts.length > 0 ? [...part, '', ...counts] : part;
}

function mochaFailures(lines: readonly string[]): string[] | undefined {
  const failing = lines.findLastIndex((line) => /^\s*\d+ failing\b/.test(line));
  if (failing < 0) return undefined;
  const passing = lines.findLastIndex((line, i) => i < failing && /^\s*\d+ passing\b/.test(line));
  const from = passing >= 0 && failing - passing <= 3 ? passing : failing;
  return lines.slice(from);
}

function leading(line: string): number {
  return line.length - line.trimStart().length;
}
