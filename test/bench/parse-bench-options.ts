import path from 'node:path';
import { parseArgs } from 'node:util';

/** What `npm run bench` was asked to do. */
export interface BenchOptions {
  runs: number;
  changes: number;
  files: number;
  commits: number;
  keep: boolean;
  timeoutMs: number;
  seed: string;
  cacheDir: string;
}

/** The usage text printed on bad input. */
export const USAGE = `usage: npm run bench -- [--runs N] [--changes N] [--files N] [--commits N] [--keep] [--timeout SECONDS] [--seed TEXT] [--cache-dir DIR]
  --runs N           runs of each measurement (default 5)
  --changes N        queued changes (default 50)
  --files N          files in main's tree (default 20000)
  --commits N        commits on main (default 1000)
  --keep             keep this run's copy of the repository and the last checkout directories
  --timeout SECONDS  per measured process (default 600)
  --seed TEXT        seed of the generator (default specgate-bench)
  --cache-dir DIR    where generated repositories are cached (default .bench/ in the project)`;

function positive(name: string, value: string | undefined, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min)
    throw new Error(`--${name} must be an integer >= ${min}, got ${JSON.stringify(value)}`);
  return n;
}

/**
 * Parses the benchmark's command line (the arguments after `npm run bench --`).
 *
 * @throws Error naming the flag when a value is not a usable integer or a flag is unknown.
 */
export function parseBenchOptions(argv: string[], projectRoot: string): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      runs: { type: 'string' },
      changes: { type: 'string' },
      files: { type: 'string' },
      commits: { type: 'string' },
      keep: { type: 'boolean', default: false },
      timeout: { type: 'string' },
      seed: { type: 'string' },
      'cache-dir': { type: 'string' },
    },
    strict: true,
  });
  return {
    runs: positive('runs', values.runs, 5, 1),
    changes: positive('changes', values.changes, 50, 1),
    files: positive('files', values.files, 20_000, 10),
    commits: positive('commits', values.commits, 1000, 1),
    keep: values.keep ?? false,
    timeoutMs: positive('timeout', values.timeout, 600, 1) * 1000,
    seed: values.seed ?? 'specgate-bench',
    cacheDir: path.resolve(values['cache-dir'] ?? path.join(projectRoot, '.bench')),
  };
}
