import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { git } from './git.js';

/**
 * Everything of a repository a user would notice changing: HEAD, branches and tags (refs specgate may add
 * under refs/specgate and refs/notes/specgate are left out), the index file's bytes, `git status`, the
 * stash, and the contents of every file in the working tree.
 */
export function snapshotRepository(dir: string): Record<string, string> {
  const gitdir = path.join(dir, '.git');
  const refs = git(dir, 'for-each-ref', '--format=%(refname) %(objectname)')
    .split('\n')
    .filter((line) => line && !line.startsWith('refs/specgate/') && !line.startsWith('refs/notes/specgate'))
    .join('\n');
  const index = fs.existsSync(path.join(gitdir, 'index'))
    ? crypto
        .createHash('sha1')
        .update(fs.readFileSync(path.join(gitdir, 'index')))
        .digest('hex')
    : 'none';
  return {
    head: fs.readFileSync(path.join(gitdir, 'HEAD'), 'utf8'),
    refs,
    index,
    status: git(dir, 'status', '--porcelain=v1', '--untracked-files=all', '--ignored'),
    stash: git(dir, 'stash', 'list', '--format=%H %s'),
    tree: hashWorkingTree(dir),
  };
}

function hashWorkingTree(dir: string): string {
  const hash = crypto.createHash('sha1');
  const walk = (at: string) => {
    for (const name of fs.readdirSync(at).sort()) {
      if (at === dir && name === '.git') continue;
      const full = path.join(at, name);
      const stat = fs.lstatSync(full);
      hash.update(`${path.relative(dir, full)}\0${stat.mode}\0`);
      if (stat.isDirectory()) walk(full);
      else if (stat.isSymbolicLink()) hash.update(fs.readlinkSync(full));
      else hash.update(fs.readFileSync(full));
    }
  };
  walk(dir);
  return hash.digest('hex');
}
