import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { classifyReplay } from '../../scripts/replay/classify-replay.js';
import { scratchDir } from '../helpers/fixture-repo.js';
import { git } from '../helpers/git.js';

const ROOT = path.join(import.meta.dirname, '..', '..');

function replay(...args: string[]) {
  return replayWith({}, ...args);
}

function replayWith(env: NodeJS.ProcessEnv, ...args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts', 'replay.ts'), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, ...env },
    timeout: 60_000,
  });
}

function write(dir: string, file: string, content: string) {
  fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
  fs.writeFileSync(path.join(dir, file), content);
}

function commitAll(dir: string, message: string) {
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', message);
  return git(dir, 'rev-parse', 'HEAD').trim();
}

/** Records a merge commit whatever its content (the replay merges its parents again). */
function recordMerge(dir: string, into: string, from: string, message: string) {
  git(dir, 'checkout', '-q', into);
  const tree = git(dir, 'rev-parse', `${into}^{tree}`).trim();
  const commit = git(dir, 'commit-tree', tree, '-p', into, '-p', from, '-m', message).trim();
  git(dir, 'update-ref', `refs/heads/${into}`, commit);
  return commit;
}

/**
 * A history with merges of every kind the replay sorts: clean, conflicting, a rename followed, and a
 * criss-cross (two merge bases).
 */
function buildHistory(dir: string) {
  git(dir, 'init', '-q', '-b', 'main');
  const lines = (tag: string) =>
    Array.from({ length: 12 }, (_, i) => `line ${i} ${i === 5 ? tag : ''}`).join('\n') + '\n';
  write(dir, 'a.txt', lines('base'));
  write(dir, 'b.txt', lines('base'));
  write(dir, 'c.txt', Array.from({ length: 30 }, (_, i) => `c ${i}`).join('\n') + '\n');
  commitAll(dir, 'base');
  // Clean: different files.
  git(dir, 'checkout', '-q', '-b', 'clean');
  write(dir, 'a.txt', lines('clean'));
  commitAll(dir, 'clean side');
  git(dir, 'checkout', '-q', 'main');
  write(dir, 'b.txt', lines('main'));
  commitAll(dir, 'main side');
  recordMerge(dir, 'main', 'clean', 'merge clean');
  // Conflicting: the same line.
  git(dir, 'checkout', '-q', '-b', 'conflict');
  write(dir, 'b.txt', lines('theirs'));
  commitAll(dir, 'conflict side');
  git(dir, 'checkout', '-q', 'main');
  write(dir, 'b.txt', lines('ours'));
  commitAll(dir, 'main again');
  recordMerge(dir, 'main', 'conflict', 'merge conflict');
  // A rename on one side, an edit on the other.
  git(dir, 'checkout', '-q', '-b', 'rename');
  fs.mkdirSync(path.join(dir, 'moved'));
  git(dir, 'mv', 'c.txt', 'moved/c.txt');
  commitAll(dir, 'rename');
  git(dir, 'checkout', '-q', 'main');
  write(
    dir,
    'c.txt',
    Array.from({ length: 30 }, (_, i) => `c ${i}${i === 3 ? ' edited' : ''}`).join('\n') + '\n',
  );
  commitAll(dir, 'edit c');
  recordMerge(dir, 'main', 'rename', 'merge rename');
  // Criss-cross: x and y each merge the other's first commit, then main merges both.
  git(dir, 'checkout', '-q', '-b', 'x');
  write(dir, 'x.txt', 'x1\n');
  const x1 = commitAll(dir, 'x1');
  git(dir, 'checkout', '-q', 'main');
  git(dir, 'checkout', '-q', '-b', 'y');
  write(dir, 'y.txt', 'y1\n');
  const y1 = commitAll(dir, 'y1');
  git(dir, 'checkout', '-q', '-b', 'x2', x1);
  git(dir, 'merge', '-q', '--no-edit', y1);
  write(dir, 'x.txt', 'x2\n');
  commitAll(dir, 'x2');
  git(dir, 'checkout', '-q', '-b', 'y2', y1);
  git(dir, 'merge', '-q', '--no-edit', x1);
  write(dir, 'y.txt', 'y2\n');
  const y2 = commitAll(dir, 'y2');
  git(dir, 'checkout', '-q', 'x2');
  git(dir, 'merge', '-q', '--no-edit', y2);
  git(dir, 'checkout', '-q', 'main');
  git(dir, 'merge', '-q', '--no-edit', 'x2');
  // Unrelated histories: no merge base.
  git(dir, 'checkout', '-q', '--orphan', 'other');
  git(dir, 'rm', '-q', '-rf', '.');
  write(dir, 'other.txt', 'other\n');
  const other = commitAll(dir, 'other root');
  git(dir, 'checkout', '-q', 'main');
  git(dir, 'merge', '-q', '--no-edit', '--allow-unrelated-histories', other);
}

describe('npm run replay', () => {
  it('counts, for every merge commit, whether specgate agrees with git merge-tree', function () {
    this.timeout(120_000);
    const dir = scratchDir('specgate-replay-tool-');
    try {
      buildHistory(dir);
      // The oracle's own view of the same merges.
      const merges = git(dir, 'rev-list', '--parents', '--min-parents=2', '--max-parents=2', 'HEAD')
        .trim()
        .split('\n')
        .map((l) => l.split(' '));
      let gitClean = 0;
      let gitConflicts = 0;
      const bases = new Map<number, number>();
      for (const [, ours, theirs] of merges) {
        const status = spawnSync(
          'git',
          ['merge-tree', '--write-tree', '--allow-unrelated-histories', ours, theirs],
          { cwd: dir },
        ).status;
        if (status === 0) gitClean += 1;
        else gitConflicts += 1;
        const n = spawnSync('git', ['merge-base', '--all', ours, theirs], { cwd: dir, encoding: 'utf8' })
          .stdout.split('\n')
          .filter(Boolean).length;
        bases.set(n, (bases.get(n) ?? 0) + 1);
      }
      expect(bases.get(2), 'the history has a criss-cross merge').to.be.greaterThan(0);
      expect(bases.get(0), 'the history has a merge of unrelated histories').to.equal(1);
      expect(gitConflicts, 'the history has a conflicting merge').to.be.greaterThan(0);

      const json = replay(dir, '--json');
      expect(json.status, json.stderr).to.equal(0);
      const summary = JSON.parse(json.stdout) as {
        total: Record<string, number>;
        byBases: Record<string, Record<string, number>>;
      };
      expect(summary.total['agree-clean'] + summary.total['specgate-refuses']).to.equal(gitClean);
      expect(summary.total['agree-conflict']).to.equal(gitConflicts);
      expect(summary.total['agree-clean']).to.be.greaterThan(0);
      expect(summary.total['WRONG-TREE'] + summary.total['MISSED-CONFLICT']).to.equal(0);
      for (const [n, count] of bases)
        expect(Object.values(summary.byBases[n]).reduce((a, b) => a + b, 0)).to.equal(count);

      const text = replay(dir, '--limit', '2');
      expect(text.status, text.stderr).to.equal(0);
      expect(text.stdout).to.match(/replayed 2 merge commits/);
      expect(text.stdout).to.match(/^all\s+2\s/m);
      expect(text.stdout).to.match(/elapsed: specgate \d+\.\d\d s, git \d+\.\d\d s/);

      // Only the criss-cross merges (git's count of merge bases decides).
      const crissCross = replay(dir, '--min-bases', '2', '--json');
      expect(crissCross.status, crissCross.stderr).to.equal(0);
      const only = JSON.parse(crissCross.stdout) as { records: { bases: number }[] };
      expect(only.records.map((r) => r.bases)).to.deep.equal(Array.from({ length: bases.get(2)! }, () => 2));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('bounds each merge in time: a merge stuck past --timeout-ms is killed, counted, and the replay goes on', function () {
    this.timeout(120_000);
    const dir = scratchDir('specgate-replay-stall-');
    try {
      buildHistory(dir);
      const run = replayWith(
        { SPECGATE_REPLAY_STALL: '1' },
        dir,
        '--limit',
        '2',
        '--timeout-ms',
        '300',
        '--json',
      );
      expect(run.status, run.stderr).to.equal(0);
      const summary = JSON.parse(run.stdout) as {
        total: Record<string, number>;
        records: { detail?: string }[];
      };
      expect(summary.total['specgate-timeout']).to.equal(2);
      expect(summary.records[0].detail).to.equal('over 300 ms');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('exits 2 naming the culprit for a directory that is not a repository or a bad flag', () => {
    const dir = scratchDir('specgate-replay-none-');
    try {
      const none = replay(dir);
      expect(none.status).to.equal(2);
      expect(none.stderr).to.contain(dir);
      const flag = replay(dir, '--limit', 'many');
      expect(flag.status).to.equal(2);
      expect(flag.stderr).to.contain("--limit must be a positive integer, not 'many'");
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('classifyReplay', () => {
  const result = (tree?: string) => ({
    result: tree ? { clean: true as const, tree } : { clean: false as const, conflicts: [] },
  });
  it('tells agreement, a refusal and both kinds of wrong answer apart', () => {
    expect(classifyReplay({ git: { clean: true, tree: 't', ms: 0 }, specgate: result('t') })).to.equal(
      'agree-clean',
    );
    expect(classifyReplay({ git: { clean: true, tree: 't', ms: 0 }, specgate: result('u') })).to.equal(
      'WRONG-TREE',
    );
    expect(classifyReplay({ git: { clean: true, tree: 't', ms: 0 }, specgate: result() })).to.equal(
      'specgate-refuses',
    );
    expect(classifyReplay({ git: { clean: false, tree: 't', ms: 0 }, specgate: result('t') })).to.equal(
      'MISSED-CONFLICT',
    );
    expect(classifyReplay({ git: { clean: false, tree: 't', ms: 0 }, specgate: result() })).to.equal(
      'agree-conflict',
    );
    expect(classifyReplay({ git: { clean: true, tree: 't', ms: 0 }, specgate: { timeout: true } })).to.equal(
      'specgate-timeout',
    );
    expect(classifyReplay({ git: { error: 'x', ms: 0 }, specgate: result('t') })).to.equal('git-error');
  });
});
