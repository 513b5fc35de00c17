import type { ZodIssue } from 'zod';
import { configSchema, type ConfigFile } from './config-schema.js';
import { needsOwnRun } from './needs-own-run.js';
import type { ConfigProblem } from './types.js';

/**
 * Checks a raw configuration against {@link configSchema} and returns every problem found (not only the
 * first), each located by its key path (`jobs.unit.timeout`) and saying what was expected and what was
 * found, in the order the keys appear in the file. `config` is the typed configuration when there is no
 * problem.
 */
export function validateConfig(raw: unknown): { config?: ConfigFile; problems: ConfigProblem[] } {
  const result = configSchema.safeParse(raw);
  const problems = result.success ? [] : result.error.issues.flatMap((issue) => toProblems(issue, raw));
  problems.push(...missingCommands(raw));
  if (problems.length > 0) return { problems: sortByPosition(problems, raw) };
  return { config: result.data, problems };
}

type Segment = string | number;
type Located = ConfigProblem & { at: Segment[] };

const MISSING_RUN = 'missing: every job that is not abstract needs a command to run';

/** One issue of zod as the problems a user reads: one per unknown key, the union narrowed to its branch. */
function toProblems(issue: ZodIssue, raw: unknown): Located[] {
  const value = valueAt(raw, issue.path);
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => located([...issue.path, key], issue.message));
  }
  if (issue.code === 'invalid_union' && isMapping(value)) {
    // A mapping given where a name or a mapping fits: what is wrong is inside the mapping branch.
    const wrongType = (nested: ZodIssue) =>
      nested.code === 'invalid_type' && sameSegments(nested.path, issue.path);
    const inside = issue.unionErrors.find((error) => !error.issues.some(wrongType));
    if (inside) return inside.issues.flatMap((nested) => toProblems(nested, raw));
  }
  return [located(issue.path, `${issue.message}, got ${describeValue(value)}`)];
}

/**
 * A job must say what to run, unless it is abstract or inherits `run` from its parent (that case is checked
 * once inheritance is resolved). Checked beside the schema, on the raw file, so that it is reported along
 * with a job's other problems.
 */
function missingCommands(raw: unknown): Located[] {
  const jobs = isMapping(raw) ? raw.jobs : undefined;
  if (!isMapping(jobs)) return [];
  return Object.entries(jobs)
    .filter(([, job]) => needsOwnRun(job))
    .map(([name]) => located(['jobs', name, 'run'], MISSING_RUN));
}

function located(at: Segment[], message: string): Located {
  const path = at.reduce<string>((text, segment) => {
    if (typeof segment === 'number') return `${text}[${segment}]`;
    return text === '' ? segment : `${text}.${segment}`;
  }, '');
  return { at, path: path === '' ? '(root)' : path, message };
}

/** In the order of the file: by the position of each key of the path in its mapping (absent keys last). */
function sortByPosition(problems: Located[], raw: unknown): ConfigProblem[] {
  const rank = (at: Segment[]): number[] => {
    const ranks: number[] = [];
    let value = raw;
    for (const segment of at) {
      const keys = isMapping(value) ? Object.keys(value) : [];
      const index = typeof segment === 'number' ? segment : keys.indexOf(segment);
      ranks.push(index === -1 ? Number.MAX_SAFE_INTEGER : index);
      value = valueAt(value, [segment]);
    }
    return ranks;
  };
  const compare = (a: number[], b: number[]): number => {
    for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i] - b[i];
    return a.length - b.length;
  };
  return problems
    .map((problem) => ({ problem, rank: rank(problem.at) }))
    .sort((a, b) => compare(a.rank, b.rank))
    .map(({ problem: { path, message } }) => ({ path, message }));
}

function valueAt(raw: unknown, at: readonly Segment[]): unknown {
  let value = raw;
  for (const segment of at) {
    if (Array.isArray(value) && typeof segment === 'number') value = value[segment];
    else if (isMapping(value) && typeof segment === 'string' && Object.hasOwn(value, segment)) {
      value = value[segment];
    } else return undefined;
  }
  return value;
}

/** What was found, as a user would name it: `"soon"`, `3`, `an empty list`, `a mapping`, `nothing`. */
function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return value.length === 0 ? 'an empty list' : 'a list';
  if (isMapping(value)) return 'a mapping';
  const text = typeof value === 'string' ? JSON.stringify(value) : String(value);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

function sameSegments(a: readonly Segment[], b: readonly Segment[]): boolean {
  return a.length === b.length && a.every((segment, index) => segment === b[index]);
}

const isMapping = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
