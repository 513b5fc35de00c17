import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { expect } from 'chai';
import { inspectWorkTree } from '../../../../src/git/worktree/inspect-work-tree.js';
import { readIndexFile } from '../../../../src/git/worktree/read-index-file.js';

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null', GIT_OPTIONAL_LOCKS: '0', GIT_AUTHOR_NAME: 's', GIT_AUTHOR_EMAIL: 's@e', GIT_COMMITTER_NAME: 's', GIT_COMMITTER_EMAIL: 's@e' },
  });
}

const made: string[] = [];
after(() => made.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

/** A checkout whose index is older than its files' stat data (no entry racy). */
function checkout(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'specgate-inspect-'));
  made.push(dir);
  git(dir, 'init', '-q', '-b', 'main');
  for (const name of ['same.txt', 'edited.txt', 'hidden.txt', 'mode.sh', 'gone.txt', 'touched.txt']) fs.writeFileSync(path.join(dir, name), `${name}\n`);
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'base');
  git(dir, 'update-index', '--assume-unchanged', 'hidden.txt');
  const later = new Date(Date.now() + 5000);
  fs.utimesSync(path.join(dir, '.git', 'index'), later, later);
  return dir;
}

describe('inspectWorkTree', () => {
  it('finds what git status finds, trusting stat data, and reads only files whose stat data changed', async () => {
    const dir = checkout();
    fs.appendFileSync(path.join(dir, 'edited.txt'), 'more\n');
    fs.appendFileSync(path.join(dir, 'hidden.txt'), 'git does not look\n');
    fs.chmodSync(path.join(dir, 'mode.sh'), 0o755);
    fs.rmSync(path.join(dir, 'gone.txt'));
    const touched = new Date(Date.now() - 60_000);
    fs.utimesSync(path.join(dir, 'touched.txt'), touched, touched);
    const file = path.join(dir, '.git', 'index');
    const index = readIndexFile(fs.readFileSync(file), file);
    const indexMtimeNs = fs.statSync(file, { bigint: true }).mtimeNs;
    const seen = await inspectWorkTree({ fs, dir, entries: index.entries, indexMtimeNs });
    expect(seen.dirty).to.deep.equal(['edited.txt', 'gone.txt', 'mode.sh']);
    expect([...seen.refreshed.keys()], 'same content, new stat data: refreshed as git refreshes it').to.deep.equal(['touched.txt']);
    expect(git(dir, 'status', '--porcelain')).to.equal(' M edited.txt\n D gone.txt\n M mode.sh\n');

    const forced = await inspectWorkTree({ fs, dir, entries: index.entries, indexMtimeNs, force: new Set(['hidden.txt']) });
    expect(forced.dirty, 'an assume-unchanged file the merge overwrites is looked at').to.include('hidden.txt');
  });
});
