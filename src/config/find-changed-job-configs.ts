import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { configFormat } from './config-format.js';

/** The jobs whose configuration a change alters: their names, or `'all'` when it cannot be told job by job. */
export type ChangedJobConfigs = ReadonlySet<string> | 'all';

/** One version of the configuration file, as a tree holds it: its blob id and bytes. */
export interface ConfigBlob {
  oid: string;
  content: Uint8Array;
}

/**
 * The jobs whose own configuration block differs between two versions of the configuration file at
 * `configPath`: `before`, as the tree of a change's merge base holds it, and `after`, as its tip does
 * (Zuul's `match-on-config-updates`: such jobs run whatever their file matchers say, so that a change to a
 * job tests that job). Blocks are compared raw, as written
 * (`jobs.<name>`, key order aside), without resolving inheritance; a job also counts as changed when any
 * of its ancestors (`parent`, as the tip writes it) changed. A job added or removed by the change counts.
 *
 * The file is parsed as its name says, as cosmiconfig would: `package.json` (its `specgate` key), `.json`,
 * YAML (`.yaml`, `.yml`, or no extension as `.specgaterc`). A JavaScript config (`.js`, `.cjs`, `.mjs`,
 * `.ts`) cannot be read without running it, so any change to the file gives `'all'`, as does a file that
 * does not parse in either tree. A file the same in both trees (or absent from both) gives no job.
 *
 * The blobs are read by the git layer (`readBlobAt`); this only parses and compares them.
 *
 * @param args.configPath the configuration file, relative to the repository root (`/`-separated): its
 *   name says how to parse it.
 * @param args.before the file in the base's tree; undefined when that tree has none (or for the empty tree).
 * @param args.after the file in the tip's tree; undefined when it has none.
 */
export async function findChangedJobConfigs(args: {
  configPath: string;
  before: ConfigBlob | undefined;
  after: ConfigBlob | undefined;
}): Promise<ChangedJobConfigs> {
  const configPath = args.configPath.split(path.sep).join('/');
  const before = textOf(args.before);
  const after = textOf(args.after);
  if (before?.oid === after?.oid) return new Set();
  const format = configFormat(configPath);
  if (format === 'javascript') return 'all';
  // Loaded only when a change edits a YAML configuration file, off the path of every other run.
  const yaml = format === 'yaml' ? (await import('yaml')).default : undefined;
  const parse = (text: string): unknown => {
    if (format === 'package.json') return (JSON.parse(text) as Record<string, unknown> | null)?.specgate;
    return format === 'json' ? JSON.parse(text) : yaml!.parse(text);
  };
  let beforeJobs: Record<string, unknown>;
  let afterJobs: Record<string, unknown>;
  try {
    beforeJobs = jobsOf(before && parse(before.text));
    afterJobs = jobsOf(after && parse(after.text));
  } catch {
    return 'all';
  }

  const changed = new Set<string>();
  for (const name of new Set([...Object.keys(afterJobs), ...Object.keys(beforeJobs)])) {
    if (!isDeepStrictEqual(beforeJobs[name], afterJobs[name])) changed.add(name);
  }
  const inherits = (name: string): boolean => {
    const seen = new Set<string>();
    for (let at = name; !seen.has(at);) {
      seen.add(at);
      if (changed.has(at)) return true;
      const parent = (afterJobs[at] as Record<string, unknown> | undefined)?.parent;
      if (typeof parent !== 'string') return false;
      at = parent;
    }
    return false; // an inheritance cycle: the configuration is invalid, and reading it says so
  };
  return new Set(
    [...Object.keys(afterJobs), ...changed].filter((name) => changed.has(name) || inherits(name)),
  );
}

/** The `jobs` mapping of a parsed configuration; none when the file or the key is absent. */
function jobsOf(config: unknown): Record<string, unknown> {
  const jobs = isObject(config) ? config.jobs : undefined;
  return isObject(jobs) ? jobs : {};
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function textOf(blob: ConfigBlob | undefined): { oid: string; text: string } | undefined {
  return blob && { oid: blob.oid, text: Buffer.from(blob.content).toString('utf8') };
}
