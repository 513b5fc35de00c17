import { execFileSync, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import type { GitContext } from '../../../../src/git/git-context.js';
import { scratchDir } from '../../../helpers/fixture-repo.js';
import { openGitContext } from '../../../../src/git/open-git-context.js';

/** The notes ref every test uses, as `git notes --ref specgate` names it. */
export const REF = 'refs/notes/specgate';

const ENV = {
  ...process.env,
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_OPTIONAL_LOCKS: '0',
  GIT_AUTHOR_NAME: 'Test',
  GIT_AUTHOR_EMAIL: 'test@example.com',
  GIT_COMMITTER_NAME: 'Test',
  GIT_COMMITTER_EMAIL: 'test@example.com',
};

/** Native git (the oracle) without user or system configuration; returns stdout. */
export function git(cwd: string, args: string[], input?: string): string {
  return execFileSync('git', args, {
    cwd,
    input,
    env: ENV,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
  });
}

/** The context a run opens for the repository with work tree `dir`. */
export function contextFor(dir: string): GitContext {
  return openGitContext({
    fs,
    dir,
    gitdir: path.join(dir, '.git'),
    objectsDir: path.join(dir, '.git', 'objects'),
  });
}

/**
 * A repository with one commit of `files` files of distinct content; returns its directory, the ids of its
 * blobs (objects to annotate, sorted) and of its root tree.
 */
export function newRepository(files: number): { dir: string; blobs: string[]; tree: string } {
  const dir = scratchDir('specgate-notes-');
  git(dir, ['init', '-q', '-b', 'main']);
  git(dir, ['config', 'gc.auto', '0']);
  for (let i = 0; i < files; i++)
    fs.writeFileSync(path.join(dir, `file-${String(i).padStart(4, '0')}.txt`), `content ${i}\n`);
  git(dir, ['add', '-A']);
  git(dir, ['commit', '-q', '-m', 'files']);
  const blobs = git(dir, ['ls-tree', '-r', '--object-only', 'HEAD'])
    .trim()
    .split('\n')
    .filter(Boolean)
    .sort();
  expect(new Set(blobs).size).to.equal(files);
  return { dir, blobs, tree: git(dir, ['rev-parse', 'HEAD^{tree}']).trim() };
}

/** `git notes --ref specgate list`: annotated object → note blob. */
export function gitNotes(dir: string): Map<string, string> {
  const notes = new Map<string, string>();
  for (const line of git(dir, ['notes', '--ref', 'specgate', 'list']).split('\n').filter(Boolean)) {
    const [blob, object] = line.split(' ');
    notes.set(object, blob);
  }
  return notes;
}

/** The id git gives a blob holding `text`. */
export function blobId(text: string): string {
  const content = Buffer.from(text, 'utf8');
  return crypto.createHash('sha1').update(`blob ${content.length}\0`).update(content).digest('hex');
}

/** Asserts that `git fsck --strict` exits 0 and reports nothing (dangling objects aside). */
export function expectFsckClean(dir: string): void {
  const fsck = spawnSync('git', ['fsck', '--strict', '--no-dangling', '--no-progress'], {
    cwd: dir,
    env: ENV,
    encoding: 'utf8',
  });
  expect({ status: fsck.status, stdout: fsck.stdout, stderr: fsck.stderr }).to.deep.equal({
    status: 0,
    stdout: '',
    stderr: '',
  });
}

/** The entries of the notes ref's root tree as `git ls-tree` gives them: `mode type name` lines. */
export function rootEntries(dir: string): string[] {
  return git(dir, ['ls-tree', REF])
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [mode, type] = line.split(' ');
      return `${mode} ${type} ${line.split('\t')[1]}`;
    });
}
