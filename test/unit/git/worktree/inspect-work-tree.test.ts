import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { expect } from 'chai';
import { inspectWorkTree } from '../../../../src/git/worktree/inspect-work-tree.js';
import { readIndexFile } from '../../../../src/git/index-file/read-index-file.js';

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_CONFIG_GLOBAL: '/dev/null',
      GIT_OPTIONAL_LOCKS: '0',
      GIT_AUTHOR_NAME: 's',
      GIT_AUTHOR_EMAIL: 's@e',
      GIT_COMMITTER_NAME: 's',
      GIT_COMMITTER_EMAIL: 's@e',
    },
  });
}

const made: string[] = [];
after(() => made.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

/** A checkout whose index is older than its files' stat data (no entry racy). */
function checkout(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'specgate-inspect-'));
  made.push(dir);
  git(dir, 'init', '-q', '-b', 'main');
  for (const name of ['same.txt', 'edited.txt', 'hidden.txt', 'mode.sh', 'gone.txt', 'touched.txt'])
    fs.writeFileSync(path.join(dir, name), `${name}\n`);
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
    expect(
      [...seen.refreshed.keys()],
      'same content, new stat data: refreshed as git refreshes it',
    ).to.deep.equal(['touched.txt']);
    expect(git(dir, 'status', '--porcelain')).to.equal(' M edited.txt\n D gone.txt\n M mode.sh\n');

    const forced = await inspectWorkTree({
      fs,
      dir,
      entries: index.entries,
      indexMtimeNs,
      force: new Set(['hidden.txt']),
    });
    expect(forced.dirty, 'an assume-unchanged file the merge overwrites is looked at').to.include(
      'hidden.txt',
    );
  });

  it('hashes through the cleaner it opens only when some file must be read, naming those files, and closes it', async () => {
    const dir = checkout();
    const file = path.join(dir, '.git', 'index');
    const index = readIndexFile(fs.readFileSync(file), file);
    const indexMtimeNs = fs.statSync(file, { bigint: true }).mtimeNs;
    const calls: string[] = [];
    const openCleaner = async (paths: readonly string[]) => {
      calls.push(`open ${paths.join(',')}`);
      return {
        // As a `tr A-Z a-z` clean filter would.
        clean: async (p: string, content: Buffer) => (
          calls.push(`clean ${p}`),
          Buffer.from(content.toString('latin1').toLowerCase(), 'latin1')
        ),
        close: async () => void calls.push('close'),
      };
    };
    const clean = await inspectWorkTree({ fs, dir, entries: index.entries, indexMtimeNs, openCleaner });
    expect(clean.dirty).to.deep.equal([]);
    expect(calls, 'nothing read, nothing opened').to.deep.equal([]);

    fs.writeFileSync(path.join(dir, 'same.txt'), 'SAME.TXT\r\n');
    fs.writeFileSync(path.join(dir, 'edited.txt'), 'edited!\n');
    const seen = await inspectWorkTree({ fs, dir, entries: index.entries, indexMtimeNs, openCleaner });
    expect(seen.dirty, 'size changed: dirty unread, as git says').to.deep.equal(['edited.txt', 'same.txt']);
    expect(calls).to.deep.equal([]);
    fs.writeFileSync(path.join(dir, 'same.txt'), 'SAME.TXT\n');
    fs.writeFileSync(path.join(dir, 'edited.txt'), 'EDITED.TX!\n');
    const later = new Date(Date.now() - 30_000);
    for (const name of ['same.txt', 'edited.txt']) fs.utimesSync(path.join(dir, name), later, later);
    calls.length = 0;
    const hashed = await inspectWorkTree({ fs, dir, entries: index.entries, indexMtimeNs, openCleaner });
    expect(hashed.dirty, 'judged by the cleaned bytes').to.deep.equal(['edited.txt']);
    expect([...hashed.refreshed.keys()]).to.deep.equal(['same.txt']);
    expect(calls[0]).to.equal('open edited.txt,same.txt');
    expect(calls.slice(1, -1).sort()).to.deep.equal(['clean edited.txt', 'clean same.txt']);
    expect(calls.at(-1)).to.equal('close');
  });
});
