/** The flags every command takes, with whether each takes a value. */
const GLOBAL: Record<string, boolean> = {
  '-C': true,
  '--directory': true,
  '--config': true,
  '--json': false,
};

/**
 * Moves the global flags given before the command (`specgate -C dir gate x`, `specgate --json plan`) to
 * just after the command id, where oclif looks for them: oclif reads the first word as the command and
 * would otherwise say "command -C not found". `commands` lists the command ids, each as its words
 * (`['cache', 'list']`); the longest match wins, else the first word. Anything else — `--help`,
 * `--version`, an unknown flag, no word after the flags — leaves `argv` as it is, for oclif to handle.
 */
export function hoistGlobalFlags(
  argv: readonly string[],
  commands: ReadonlyArray<readonly string[]>,
): string[] {
  const hoisted: string[] = [];
  let at = 0;
  while (at < argv.length && argv[at].startsWith('-') && argv[at] !== '--') {
    const arg = argv[at];
    const name = arg.startsWith('--') ? arg.split('=')[0] : arg.slice(0, 2);
    const takesValue = GLOBAL[name];
    if (takesValue === undefined) return [...argv];
    const inline = arg.startsWith('--') ? arg.includes('=') : arg.length > 2;
    if (takesValue && !inline) {
      if (at + 1 >= argv.length) return [...argv];
      hoisted.push(arg, argv[at + 1]);
      at += 2;
    } else {
      if (!takesValue && inline) return [...argv];
      hoisted.push(arg);
      at += 1;
    }
  }
  if (hoisted.length === 0) return [...argv];
  const rest = argv.slice(at);
  let words = 0;
  for (const id of commands) {
    if (id.length > words && id.every((word, i) => rest[i] === word)) words = id.length;
  }
  // An unknown command: hoisted all the same, so that oclif names it rather than the flag.
  if (words === 0 && rest.length > 0 && !rest[0].startsWith('-')) words = 1;
  if (words === 0) return [...argv];
  return [...rest.slice(0, words), ...hoisted, ...rest.slice(words)];
}
