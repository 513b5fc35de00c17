import { readFile } from 'node:fs/promises';

/** What a job left at its `SPECGATE_RETURN` path, Zuul's `zuul_return` in a file. */
export type ReturnFile =
  | { status: 'absent' }
  | { status: 'valid'; childJobs?: string[]; data?: Record<string, unknown> }
  | { status: 'malformed'; why: string };

const KEYS = ['child_jobs', 'data'];

/**
 * Reads and checks the return file a job may write: JSON `{ "child_jobs"?: string[], "data"?: object }`.
 * A missing file is `absent` (returning nothing is the common case). Anything else that is not exactly that
 * shape is `malformed`, unknown keys included: a typo such as `child-jobs` would otherwise silently run
 * every child job.
 *
 * @param args.path the file to read.
 */
export async function readReturnFile(args: { path: string }): Promise<ReturnFile> {
  let text: string;
  try {
    text = await readFile(args.path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { status: 'absent' };
    return { status: 'malformed', why: (error as Error).message };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { status: 'malformed', why: `not JSON (${(error as Error).message})` };
  }
  if (!isPlainObject(value)) return { status: 'malformed', why: 'expected a JSON object' };
  const unknown = Object.keys(value).find((key) => !KEYS.includes(key));
  if (unknown !== undefined) {
    return { status: 'malformed', why: `unknown key ${JSON.stringify(unknown)} (expected child_jobs, data)` };
  }
  const childJobs = value.child_jobs;
  if (
    childJobs !== undefined &&
    !(Array.isArray(childJobs) && childJobs.every((x) => typeof x === 'string'))
  ) {
    return { status: 'malformed', why: 'child_jobs must be an array of job names' };
  }
  const data = value.data;
  if (data !== undefined && !isPlainObject(data)) {
    return { status: 'malformed', why: 'data must be a JSON object' };
  }
  return {
    status: 'valid',
    ...(childJobs !== undefined && { childJobs: childJobs as string[] }),
    ...(data !== undefined && { data }),
  };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
