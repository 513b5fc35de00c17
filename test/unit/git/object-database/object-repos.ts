import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { GitContext } from '../../../../src/git/git-context.js';
import { openGitContext } from '../../../../src/git/open-git-context.js';

/** Native git (the oracle), with no user or system configuration and fixed identities; returns raw stdout. */
export function git(cwd: string, args: string[], input?: Buffer): Buffer {
  return execFileSync('git', args, {
    cwd,
    input,
    maxBuffer: 1024 * 1024 * 1024,
    stdio: [input ? 'pipe' : 'ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_CONFIG_GLOBAL: '/dev/null',
      GIT_AUTHOR_NAME: 'specgate',
      GIT_AUTHOR_EMAIL: 'specgate@example.com',
      GIT_AUTHOR_DATE: '2024-01-01T00:00:00+0200',
      GIT_COMMITTER_NAME: 'specgate',
      GIT_COMMITTER_EMAIL: 'specgate@example.com',
      GIT_COMMITTER_DATE: '2024-01-01T00:00:00+0200',
    },
  });
}

/** A fresh temporary directory, removed by `removeTempDirs`. */
export function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `specgate-objects-${prefix}-`));
  made.push(dir);
  return dir;
}
const made: string[] = [];

/** Removes every directory `tempDir` made. */
export function removeTempDirs(): void {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}

/** An empty repository that never packs on its own. */
export function initRepo(dir: string): string {
  git(dir, ['init', '-q', '-b', 'main']);
  git(dir, ['config', 'gc.auto', '0']);
  return dir;
}

/** Writes files (a `null` content deletes the file), stages everything and commits. */
export function commit(repo: string, message: string, files: Record<string, string | Buffer | null>): void {
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(repo, name);
    if (content === null) fs.rmSync(file, { force: true });
    else {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, content);
    }
  }
  git(repo, ['add', '-A']);
  git(repo, ['commit', '-q', '--allow-empty', '-m', message]);
}

/** The context specgate would open for a non-bare repository, with a fresh run cache. */
export function contextFor(repo: string): GitContext {
  const gitdir = path.join(repo, '.git');
  return openGitContext({ fs, dir: repo, gitdir, objectsDir: path.join(gitdir, 'objects') });
}

/** Every object git can read in `repo` (alternates included), by id, read with `cat-file --batch`. */
export function allObjects(repo: string): Map<string, { type: string; content: Buffer }> {
  const out = git(repo, ['cat-file', '--batch-all-objects', '--batch']);
  const objects = new Map<string, { type: string; content: Buffer }>();
  for (let at = 0; at < out.length;) {
    const eol = out.indexOf(0x0a, at);
    const [oid, type, size] = out.toString('utf8', at, eol).split(' ');
    const start = eol + 1;
    objects.set(oid, { type, content: out.subarray(start, start + Number(size)) });
    at = start + Number(size) + 1;
  }
  return objects;
}

/** How many entries of each kind (1–4 whole objects, 6 OFS_DELTA, 7 REF_DELTA) the repository's packs hold. */
export function packKinds(repo: string): Record<number, number> {
  const packDir = path.join(repo, '.git', 'objects', 'pack');
  const kinds: Record<number, number> = {};
  for (const name of fs.readdirSync(packDir).filter((file) => file.endsWith('.idx'))) {
    const pack = fs.readFileSync(path.join(packDir, name.replace(/\.idx$/, '.pack')));
    const index = git(repo, ['show-index'], fs.readFileSync(path.join(packDir, name))).toString('utf8');
    for (const line of index.trim().split('\n')) {
      const kind = (pack[Number(line.split(' ')[0])] >> 4) & 7;
      kinds[kind] = (kinds[kind] ?? 0) + 1;
    }
  }
  return kinds;
}

/** The longest delta chain in the repository's packs, as `git verify-pack -v` reports it. */
export function longestDeltaChain(repo: string): number {
  const packDir = path.join(repo, '.git', 'objects', 'pack');
  let longest = 0;
  for (const name of fs.readdirSync(packDir).filter((file) => file.endsWith('.idx'))) {
    const report = git(repo, ['verify-pack', '-v', path.join(packDir, name)]).toString('utf8');
    for (const match of report.matchAll(/^chain length = (\d+):/gm))
      longest = Math.max(longest, Number(match[1]));
  }
  return longest;
}

/**
 * A history where a large text file changes a little in every commit, with a few other files, a binary
 * one, an empty one, an executable and a symlink around it, so that repacking makes long delta chains.
 */
export function buildDeltaHistory(repo: string, commits: number): void {
  const random = seeded(42);
  const lines = Array.from({ length: 4000 }, (_, i) => `line ${i} ${random().toString(36)}\n`);
  commit(repo, 'start', {
    'big.txt': lines.join(''),
    empty: '',
    'binary.bin': crypto.createHash('sha512').update('seed').digest(),
    'src/a.ts': 'export const a = 1;\n',
  });
  fs.chmodSync(path.join(repo, 'src/a.ts'), 0o755);
  fs.symlinkSync('big.txt', path.join(repo, 'link'));
  for (let i = 1; i < commits; i++) {
    const at = Math.floor(random() * lines.length);
    lines[at] = `changed in ${i}: ${random().toString(36)}\n`;
    if (i % 7 === 0) lines.splice(at, 0, `inserted in ${i}\n`);
    commit(repo, `change ${i}\n\nbody of change ${i}\n`, {
      'big.txt': lines.join(''),
      [`notes/${i % 5}.md`]: `note ${i}\n`.repeat(i),
      ...(i % 10 === 0 ? { [`notes/${(i + 1) % 5}.md`]: null } : {}),
    });
  }
  git(repo, ['tag', '-a', '-m', 'a tag\n', 'v1']);
}

/** A deterministic pseudo-random generator (mulberry32), so fixtures do not change between runs. */
export function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
