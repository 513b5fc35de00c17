import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { JobDefinition } from '../../../src/core/types.js';

/** A job with the defaults config normalisation would give, overridden by `fields`. */
export function job(name: string, run: string, fields: Partial<JobDefinition> = {}): JobDefinition {
  return { name, run, env: {}, voting: true, attempts: 1, dependencies: [], ...fields };
}

/** A hard dependency on each name. */
export function hard(...names: string[]): JobDefinition['dependencies'] {
  return names.map((name) => ({ name, soft: false }));
}

/** A soft dependency on each name. */
export function soft(...names: string[]): JobDefinition['dependencies'] {
  return names.map((name) => ({ name, soft: true }));
}

/** A fresh temporary directory, removed by {@link cleanup}. */
export async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'specgate-jobs-'));
  made.push(dir);
  return dir;
}
const made: string[] = [];

/** Removes every directory {@link tempDir} made so far. */
export async function cleanup(): Promise<void> {
  await Promise.all(made.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
}

/**
 * True while `pid` runs. A zombie does not count: where pid 1 does not reap orphans, a killed grandchild
 * stays a zombie, which `kill(pid, 0)` would still report as existing.
 */
export async function isRunning(pid: number): Promise<boolean> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0];
    return state !== 'Z' && state !== 'X';
  } catch {
    return false;
  }
}

/** Reads a pid a job wrote to a file. */
export async function readPid(file: string): Promise<number> {
  const pid = Number((await readFile(file, 'utf8')).trim());
  if (!Number.isInteger(pid) || pid <= 0) throw new Error(`no pid in ${file}`);
  return pid;
}
