import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import type { PipelineResult } from '../../src/core/types.js';
import { configFile, scratchDir } from '../helpers/fixture-repo.js';
import { git } from '../helpers/git.js';
import { runCli, type CliRun } from '../helpers/run-cli.js';

/** Ten lines, line `n` replaced where `changes` says. */
const lines = (changes: Record<number, string> = {}) =>
  Array.from({ length: 10 }, (_, i) => changes[i + 1] ?? `line ${i + 1}`).join('\n') + '\n';

/**
 * The remote: `main` of 12 commits (the last ones change line 8 of a.txt), and changes branched from its
 * tip (`tip-*`, `fails`), from main~2 (`mid-a`, a content merge with main's change) and from main~9
 * (`old`, beyond a depth of 5).
 */
function buildRemote(dir: string): void {
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'config', 'uploadpack.allowFilter', 'true');
  const commit = (file: string, content: string, message: string) => {
    fs.writeFileSync(path.join(dir, file), content);
    git(dir, 'add', file);
    git(dir, 'commit', '-qm', message);
  };
  commit('a.txt', lines(), 'c1');
  for (let i = 2; i <= 10; i++) commit(`f${i}.txt`, `file ${i}\n`, `c${i}`);
  commit('a.txt', lines({ 8: 'main changed line 8' }), 'c11');
  commit('a.txt', lines({ 8: 'main changed line 8 again' }), 'c12');
  const branch = (name: string, from: string, file: string, content: string) => {
    git(dir, 'checkout', '-q', '-b', name, from);
    commit(file, content, name);
  };
  branch('tip-a', 'main', 'a.txt', lines({ 2: 'tip-a', 8: 'main changed line 8 again' }));
  branch('tip-b', 'main', 'a.txt', lines({ 9: 'tip-b', 8: 'main changed line 8 again' }));
  branch('tip-c', 'main', 'a.txt', lines({ 2: 'tip-c', 8: 'main changed line 8 again' }));
  branch('fails', 'main', 'b.txt', 'FAIL\n');
  branch('mid-a', 'main~2', 'a.txt', lines({ 5: 'mid-a' }));
  branch('old', 'main~9', 'old.txt', 'old\n');
  git(dir, 'checkout', '-q', 'main');
}

/** Fails on FAIL in a text file; also runs git in the state, which must see a whole history there. */
const CONFIG = `
jobs:
  test:
    run: |
      set -e
      git log --format=%H >/dev/null
      ! grep -q FAIL *.txt
`;

const TIP_QUEUE = ['origin/tip-a', 'origin/tip-b', 'origin/tip-c', 'origin/fails'];
const QUEUE = [...TIP_QUEUE, 'origin/mid-a'];

/** What must be equal across clones: each change's verdict, message, jobs, and the tree it was tested on. */
function essence(dir: string, run: CliRun) {
  expect(run.status, run.stderr).to.equal(1);
  const result = JSON.parse(run.stdout) as PipelineResult;
  return result.changes.map((c) => ({
    id: c.id,
    result: c.result,
    includes: c.includes,
    message: c.message,
    jobs: c.jobs.map((j) => [j.name, j.result]),
    tree: c.speculativeSha ? git(dir, 'rev-parse', `${c.speculativeSha}^{tree}`).trim() : undefined,
  }));
}

const gate = (dir: string, queue: string[]) =>
  runCli(['gate', ...queue, '--target', 'origin/main', '--json', '--config', configFile(CONFIG)], {
    cwd: dir,
  });
const check = (dir: string, queue: string[]) =>
  runCli(['check', ...queue, '--target', 'origin/main', '--json', '--config', configFile(CONFIG)], {
    cwd: dir,
  });

function expectOneLine(run: CliRun, ...parts: string[]): void {
  expect(run.status, run.stderr).to.equal(2);
  const errorLines = run.stderr.split('\n').filter(Boolean);
  expect(errorLines, run.stderr).to.have.length(1);
  for (const part of parts) expect(errorLines[0]).to.contain(part);
  expect(run.stderr).to.not.match(/\n\s+at /);
}

describe('CI checkouts: shallow and partial clones', function () {
  this.timeout(300_000);
  let root: string;
  let remote: string;
  let url: string;
  let full: string;
  let fullGate: ReturnType<typeof essence>;
  let fullTipGate: ReturnType<typeof essence>;
  let fullCheck: ReturnType<typeof essence>;

  const clone = (name: string, ...args: string[]) => {
    const dir = path.join(root, name);
    git(root, 'clone', '-q', ...args, url, dir);
    return dir;
  };

  before(async () => {
    root = scratchDir('specgate-clones-');
    remote = path.join(root, 'remote');
    fs.mkdirSync(remote);
    buildRemote(remote);
    url = `file://${remote}`;
    full = clone('full', '--no-local');
    fullGate = essence(full, await gate(full, QUEUE));
    fullTipGate = essence(full, await gate(full, TIP_QUEUE));
    fullCheck = essence(full, await check(full, QUEUE));
    // The oracle itself: content merges, a conflict and a failure, all in one queue.
    expect(fullGate.map((c) => c.result)).to.deep.equal([
      'SUCCESS',
      'SUCCESS',
      'MERGE_CONFLICT',
      'FAILURE',
      'SUCCESS',
    ]);
  });

  it('depth 1 with the changes fetched onto it: the verdicts and trees of the full clone', async () => {
    // actions/checkout's default, then the changes fetched: they come down to the shallow tip of main.
    const dir = clone('depth-1', '--depth', '1');
    git(dir, 'fetch', '-q', 'origin', ...TIP_QUEUE.map((ref) => `${ref.slice(7)}:refs/remotes/${ref}`));
    expect(fs.readFileSync(path.join(dir, '.git', 'shallow'), 'utf8')).to.equal(
      `${git(dir, 'rev-parse', 'origin/main')}`,
    );
    expect(essence(dir, await gate(dir, TIP_QUEUE))).to.deep.equal(fullTipGate);
  });

  it('depth 1: a change branched below the boundary is exit 2, one line naming the change and the fix', async () => {
    const dir = clone('depth-1-mid', '--depth', '1', '--no-single-branch');
    const run = await runCli(['plan', 'origin/mid-a', '--target', 'origin/main'], { cwd: dir });
    expectOneLine(
      run,
      "change 'origin/mid-a'",
      'shallow',
      'git fetch --deepen',
      'git fetch --unshallow',
      'fetch-depth: 0',
    );
  });

  it('depth 5: gate and check give the verdicts and trees of the full clone', async () => {
    const dir = clone('depth-5', '--depth', '5', '--no-single-branch');
    expect(fs.existsSync(path.join(dir, '.git', 'shallow'))).to.equal(true);
    expect(essence(dir, await gate(dir, QUEUE))).to.deep.equal(fullGate);
    expect(essence(dir, await check(dir, QUEUE))).to.deep.equal(fullCheck);
  });

  it('depth 5: a merge base beyond the boundary is exit 2 naming the change, and fetching deeper fixes it', async () => {
    const dir = clone('depth-5-old', '--depth', '5', '--no-single-branch');
    const run = await runCli(['plan', 'origin/old', 'origin/tip-a', '--target', 'origin/main'], { cwd: dir });
    expectOneLine(
      run,
      "change 'origin/old'",
      "'origin/main'",
      'beyond the boundary of this shallow clone',
      'fetch-depth: 0',
    );
    // From a linked worktree the boundary is the main repository's (its shallow file is in the common dir).
    const worktree = path.join(root, 'depth-5-worktree');
    git(dir, 'worktree', 'add', '-q', '--detach', worktree, 'origin/tip-a');
    expectOneLine(
      await runCli(['plan', 'origin/old', '--target', 'origin/main'], { cwd: worktree }),
      "change 'origin/old'",
      'shallow clone',
    );
    const inside = await runCli(['plan', 'origin/mid-a', '--target', 'origin/main'], { cwd: worktree });
    expect(inside.status, inside.stderr).to.equal(0);
    git(dir, 'fetch', '-q', '--unshallow');
    const after = await runCli(['plan', 'origin/old', '--target', 'origin/main', '--json'], { cwd: dir });
    expect(after.status, after.stderr).to.equal(0);
  });

  it('a blob:none partial clone fetches what merges and checkouts need: the verdicts and trees of the full clone', async () => {
    const dir = clone('partial', '--filter=blob:none', '--no-local');
    expect(git(dir, 'config', 'remote.origin.promisor').trim()).to.equal('true');
    const missing = () =>
      git(dir, 'rev-list', '--objects', '--missing=print', '--all')
        .split('\n')
        .filter((line) => line.startsWith('?')).length;
    const before = missing();
    expect(before, 'the clone lacks the blobs of the changes').to.be.greaterThan(3);
    expect(essence(dir, await gate(dir, QUEUE))).to.deep.equal(fullGate);
    expect(missing(), 'the blobs the merges and checkouts read were fetched').to.be.lessThan(before);
    expect(essence(dir, await check(dir, QUEUE))).to.deep.equal(fullCheck);
  });

  it('a partial clone whose remote is gone: exit 2 naming the object and the remote', async () => {
    const dir = clone('partial-gone', '--filter=blob:none', '--no-local');
    const moved = `${remote}-gone`;
    fs.renameSync(remote, moved);
    try {
      const run = await runCli(['plan', 'origin/mid-a', '--target', 'origin/main'], { cwd: dir });
      expectOneLine(run, 'could not be fetched from its promisor remote', "'origin'");
      expect(run.stderr).to.match(/objects? [0-9a-f]{40}/);
    } finally {
      fs.renameSync(moved, remote);
    }
  });

  it('an object missing from a repository that is not a partial clone: exit 2 naming it', async () => {
    const dir = scratchDir('specgate-missing-');
    buildRemote(dir);
    const blob = git(dir, 'rev-parse', 'mid-a:a.txt').trim();
    fs.rmSync(path.join(dir, '.git', 'objects', blob.slice(0, 2), blob.slice(2)));
    const run = await runCli(['plan', 'mid-a'], { cwd: dir });
    expectOneLine(run, `object ${blob} is missing`, 'git fsck');
  });
});
