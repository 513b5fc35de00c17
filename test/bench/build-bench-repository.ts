import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { generateChanges } from './generate-changes.js';
import { runGit } from './run-git.js';
import { writeMainHistory } from './write-main-history.js';

/** Bump when the generator changes what it generates, so cached repositories are not reused. */
const GENERATOR_VERSION = 1;

/** What a generated benchmark repository holds, stored next to it as `meta.json`. */
export interface BenchRepositoryMeta {
  params: { version: number; files: number; commits: number; changes: number; seed: string };
  /** Paths in main's tree (files, executables, symlinks). */
  paths: number;
  commits: number;
  changes: string[];
  packBytes: number;
  generatedMs: number;
}

/**
 * Returns the benchmark repository for these parameters under `cacheRoot`, generating it when no cached one
 * exists (keyed by a hash of the parameters): `main` written by one `git fast-import` stream, the queue of
 * changes, then `git gc` so everything is in one pack, and `main` checked out. Generation happens in a
 * temporary directory renamed into place at the end, so an interrupted run leaves no half-built cache.
 */
export function buildBenchRepository(args: {
  cacheRoot: string;
  files: number;
  commits: number;
  changes: number;
  seed: string;
  log: (message: string) => void;
}): { dir: string; meta: BenchRepositoryMeta; reused: boolean } {
  const params = {
    version: GENERATOR_VERSION,
    files: args.files,
    commits: args.commits,
    changes: args.changes,
    seed: args.seed,
  };
  const key = createHash('sha256').update(JSON.stringify(params)).digest('hex').slice(0, 12);
  const home = path.join(args.cacheRoot, `repo-${key}`);
  const metaFile = path.join(home, 'meta.json');
  if (fs.existsSync(metaFile)) {
    const meta = JSON.parse(fs.readFileSync(metaFile, 'utf8')) as BenchRepositoryMeta;
    if (JSON.stringify(meta.params) === JSON.stringify(params))
      return { dir: path.join(home, 'repo'), meta, reused: true };
  }

  const started = performance.now();
  const staging = `${home}.tmp-${process.pid}`;
  fs.rmSync(staging, { recursive: true, force: true });
  fs.mkdirSync(staging, { recursive: true });
  const repo = path.join(staging, 'repo');
  runGit(staging, ['init', '--quiet', '--initial-branch=main', repo]);
  runGit(repo, ['config', 'gc.auto', '0']);

  args.log(`generating main: ${args.files} files, ${args.commits} commits (one fast-import stream)`);
  const stream = path.join(staging, 'main.fast-import');
  writeMainHistory({ streamFile: stream, files: args.files, commits: args.commits, seed: args.seed });
  const input = fs.openSync(stream, 'r');
  try {
    runGit(repo, ['fast-import', '--quiet'], { stdin: input });
  } finally {
    fs.closeSync(input);
  }
  fs.rmSync(stream);

  args.log(`generating ${args.changes} changes, checked with git merge-tree`);
  const { ids } = generateChanges({ repo, count: args.changes, seed: args.seed, log: args.log });

  args.log('packing (git gc) and checking out main');
  runGit(repo, ['gc', '--quiet', '--prune=now']);
  runGit(repo, ['reset', '--quiet', '--hard', 'main']);

  const packDir = path.join(repo, '.git', 'objects', 'pack');
  const meta: BenchRepositoryMeta = {
    params,
    paths: runGit(repo, ['ls-tree', '-r', '-z', '--name-only', 'main']).stdout.split('\0').filter(Boolean)
      .length,
    commits: Number(runGit(repo, ['rev-list', '--count', 'main']).stdout.trim()),
    changes: ids,
    packBytes: fs
      .readdirSync(packDir)
      .filter((name) => name.endsWith('.pack'))
      .reduce((sum, name) => sum + fs.statSync(path.join(packDir, name)).size, 0),
    generatedMs: Math.round(performance.now() - started),
  };
  fs.writeFileSync(path.join(staging, 'meta.json'), `${JSON.stringify(meta, null, 2)}\n`);
  fs.rmSync(home, { recursive: true, force: true });
  fs.renameSync(staging, home);
  return { dir: path.join(home, 'repo'), meta, reused: false };
}
