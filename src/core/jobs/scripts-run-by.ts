/** Package managers whose `<tool> <script>` runs a script without `run` (npm only for its own aliases). */
const TOOLS = new Set(['npm', 'yarn', 'pnpm']);

/** npm's commands that run the script of the same name (`npm t` is `npm test`). */
const NPM_SCRIPT_COMMANDS: Record<string, string> = {
  test: 'test',
  t: 'test',
  tst: 'test',
  start: 'start',
  stop: 'stop',
  restart: 'restart',
};

/** The commands of npm-run-all, whose arguments are script names or globs of them. */
const RUN_ALL = new Set(['npm-run-all', 'run-s', 'run-p']);

/**
 * The other scripts of `scripts` that running `npm run <name>` runs, directly or through the scripts it runs:
 * the `pre<name>` and `post<name>` scripts npm runs around a script, and every script named by `npm run X`
 * (`run-script`, flags anywhere), `npm test` (`t`, `start`, …), `yarn [run] X`, `pnpm [run] X` and
 * npm-run-all's `run-s`/`run-p` (globs `lint:*`, `**` too) in a script's simple commands. A name that is not
 * one of `scripts` is no script. Pure text: a script that builds its command at run time is not followed.
 * `name` itself is in the answer only when it runs itself again (a cycle).
 */
export function scriptsRunBy(scripts: Readonly<Record<string, string>>, name: string): Set<string> {
  const found = new Set<string>();
  const visit = (script: string, viaNpm: boolean) => {
    const around = viaNpm ? [`pre${script}`, `post${script}`].filter((hook) => hook in scripts) : [];
    for (const hook of around) {
      if (found.has(hook)) continue;
      found.add(hook);
      for (const called of scriptsCalledIn(scripts, scripts[hook])) visitOnce(called.name, called.viaNpm);
    }
    for (const called of scriptsCalledIn(scripts, scripts[script] ?? ''))
      visitOnce(called.name, called.viaNpm);
  };
  const visitOnce = (script: string, viaNpm: boolean) => {
    if (found.has(script)) return;
    found.add(script);
    visit(script, viaNpm);
  };
  visit(name, true);
  return found;
}

/** The scripts that the simple commands of `text` run, each with whether npm runs it (with its hooks). */
function scriptsCalledIn(
  scripts: Readonly<Record<string, string>>,
  text: string,
): Array<{ name: string; viaNpm: boolean }> {
  const called: Array<{ name: string; viaNpm: boolean }> = [];
  for (const command of text.split(/&&|\|\||[;&|()\n]/)) {
    const words = command
      .trim()
      .split(/\s+/)
      .filter((word) => word !== '')
      .map((word) => word.replace(/^(['"])(.*)\1$/, '$2'));
    // `FOO=1 npm run x`: assignments before the command.
    while (words.length > 0 && /^[A-Za-z_]\w*=/.test(words[0])) words.shift();
    const [tool, ...rest] = words;
    if (tool === undefined) continue;
    const args = rest.filter((word) => !word.startsWith('-'));
    if (RUN_ALL.has(tool)) {
      for (const pattern of args)
        for (const script of matchScripts(scripts, pattern)) called.push({ name: script, viaNpm: true });
      continue;
    }
    if (!TOOLS.has(tool)) continue;
    const [first, second] = args;
    let script: string | undefined;
    if (first === 'run' || first === 'run-script') script = second;
    else if (tool === 'npm') script = first === undefined ? undefined : NPM_SCRIPT_COMMANDS[first];
    else script = first;
    if (script !== undefined && script in scripts) called.push({ name: script, viaNpm: tool === 'npm' });
  }
  return called;
}

/** npm-run-all's patterns: `*` within one `:`-separated part, `**` across them. */
function matchScripts(scripts: Readonly<Record<string, string>>, pattern: string): string[] {
  if (!pattern.includes('*')) return pattern in scripts ? [pattern] : [];
  const source = pattern
    .split(/(\*\*|\*)/)
    .map((part) =>
      part === '**' ? '.*' : part === '*' ? '[^:]*' : part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'),
    )
    .join('');
  const regex = new RegExp(`^${source}$`);
  return Object.keys(scripts).filter((script) => regex.test(script));
}
