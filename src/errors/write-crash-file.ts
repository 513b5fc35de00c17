import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Writes what a developer needs to fix a crash — the command line, the versions, the error's stack and its
 * causes — to a new file under `<gitdir>/specgate/` (else the temporary directory, when there is no
 * repository or it cannot be written), and returns its path; `undefined` when no file could be written.
 */
export function writeCrashFile(args: {
  error: unknown;
  argv: string[];
  gitdir?: string;
  version?: string;
}): string | undefined {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const name = `crash-${stamp}-${process.pid}.txt`;
  const lines = [
    `specgate ${args.version ?? ''} crashed at ${new Date().toISOString()}`,
    `command: specgate ${args.argv.join(' ')}`,
    `cwd: ${process.cwd()}`,
    `node ${process.version} on ${process.platform}-${process.arch}`,
    '',
  ];
  for (
    let link: unknown = args.error, depth = 0;
    link !== undefined && depth < 8;
    link = (link as Error).cause, depth += 1
  ) {
    lines.push(
      depth === 0 ? '' : 'caused by:',
      link instanceof Error ? (link.stack ?? String(link)) : String(link),
    );
  }
  const content = `${lines.join('\n')}\n`;
  const places = [args.gitdir && path.join(args.gitdir, 'specgate'), os.tmpdir()].filter(
    (place): place is string => Boolean(place),
  );
  for (const place of places) {
    try {
      fs.mkdirSync(place, { recursive: true });
      const file = path.join(place, name);
      fs.writeFileSync(file, content, { flag: 'wx' });
      return file;
    } catch {
      // Read-only repository, full disk: the next place.
    }
  }
  return undefined;
}
