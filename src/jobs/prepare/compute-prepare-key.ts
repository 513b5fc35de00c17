import { createHash, type Hash } from 'node:crypto';
import { lstat, readdir, readFile, readlink } from 'node:fs/promises';
import * as path from 'node:path';
import type { PrepareStep } from '../../core/types.js';

/** Bumped whenever what a cache entry holds, or how keys are computed, changes: old entries are then ignored. */
const KEY_FORMAT = 'specgate-prepare-v1';

/**
 * The cache key of a prepare step in one workspace: SHA-256 (64 hex digits) over
 * - the step's `run` and `paths` (another command or other products are another cache entry);
 * - the content of each `key` file as the workspace holds it, in sorted order of names. A missing key file
 *   hashes as "missing" (an error in a later job is more useful than one here); a key that names a
 *   directory hashes every file and symlink below it, by relative path, so `key: [patches]` works;
 * - the platform, the CPU architecture and Node's major version, since products such as `node_modules`
 *   hold native binaries and ABI-specific builds (arch is not in the brief's list but esbuild, swc and
 *   friends install one binary per arch);
 * - `previous`, the key of the step before it in the same workspace, if any: a later step usually builds
 *   on an earlier one's products, so a new key upstream must give a new key downstream.
 *
 * Fields are framed with their names and NUL separators, so no two different inputs hash alike by
 * concatenation.
 *
 * @param args.step the step; its `key` and `paths` are relative to `workspace`.
 * @param args.workspace the state directory whose key files are read.
 * @param args.previous the key of the previous step, if any.
 * @param args.platform defaults to `process.platform`; given by tests.
 * @param args.arch defaults to `process.arch`.
 * @param args.nodeVersion defaults to `process.versions.node`; only the major version counts.
 * @throws Error when a key file exists but cannot be read (permissions, a special file).
 */
export async function computePrepareKey(args: {
  step: PrepareStep;
  workspace: string;
  previous?: string;
  platform?: string;
  arch?: string;
  nodeVersion?: string;
}): Promise<string> {
  const { step, workspace } = args;
  const hash = createHash('sha256');
  const field = (name: string, value: string): void => {
    hash.update(`${name}\0${value}\0`);
  };
  field('format', KEY_FORMAT);
  field('run', step.run);
  field('paths', JSON.stringify([...step.paths].sort()));
  field('platform', args.platform ?? process.platform);
  field('arch', args.arch ?? process.arch);
  field('node', (args.nodeVersion ?? process.versions.node).split('.')[0]);
  field('previous', args.previous ?? '');
  for (const name of [...new Set(step.key)].sort()) {
    field('key', name);
    await hashKeyPath(hash, path.resolve(workspace, name), 0);
  }
  return hash.digest('hex');
}

async function hashKeyPath(hash: Hash, file: string, depth: number): Promise<void> {
  const stats = await lstat(file).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT' || error.code === 'ENOTDIR') return undefined;
    throw error;
  });
  if (stats === undefined) {
    hash.update('missing\0');
  } else if (stats.isSymbolicLink()) {
    // Below a key directory a link is content in its own right; a key file that is a link is followed.
    if (depth > 0) hash.update(`symlink\0${await readlink(file)}\0`);
    else await hashKeyPath(hash, await resolveLink(file), depth + 1);
  } else if (stats.isDirectory()) {
    hash.update('dir\0');
    const names = (await readdir(file)).sort();
    for (const name of names) {
      hash.update(`entry\0${name}\0`);
      await hashKeyPath(hash, path.join(file, name), depth + 1);
    }
    hash.update('end\0');
  } else if (stats.isFile()) {
    const content = await readFile(file);
    hash.update(`file\0${content.length}\0`);
    hash.update(content);
    hash.update('\0');
  } else {
    throw new Error(`key file ${file} is neither a file nor a directory`);
  }
}

async function resolveLink(file: string): Promise<string> {
  return path.resolve(path.dirname(file), await readlink(file));
}
