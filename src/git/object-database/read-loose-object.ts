import type * as nodeFs from 'node:fs';
import path from 'node:path';
import type { GitObject } from './git-object.js';
import { parseLooseObject } from './parse-loose-object.js';

/**
 * Reads the loose object `oid` from `objectsDir/xx/yyyy…`, or returns `undefined` when there is no such
 * file (the object may be packed, or live in an alternate). Other file-system errors propagate. Async so
 * that callers need not change should the read become asynchronous again.
 */
export async function readLooseObject(args: {
  fs: typeof nodeFs;
  objectsDir: string;
  oid: string;
}): Promise<GitObject | undefined> {
  const { fs, objectsDir, oid } = args;
  let deflated: Buffer;
  try {
    // A synchronous read: loose objects are small files, and fs.promises.readFile's four thread-pool
    // round trips (open, stat, read, close) made reading them 10-17 times slower (compare-speed.ts).
    deflated = fs.readFileSync(path.join(objectsDir, oid.slice(0, 2), oid.slice(2)));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  return parseLooseObject(oid, deflated);
}
