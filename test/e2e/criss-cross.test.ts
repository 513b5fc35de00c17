import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import type { PipelineResult } from '../../src/core/types.js';
import { scratchDir } from '../helpers/fixture-repo.js';
import { git } from '../helpers/git.js';
import { runCli } from '../helpers/run-cli.js';

const lines = (fifth: string) =>
  ['1', '2', '3', '4', fifth, '6', '7', '8', '9', '10'].map((l) => `${l}\n`).join('');

/**
 * main and feature both merged two branches, x and y, that conflict with each other on line 5, and
 * resolved it the same way: merging feature into main has two merge bases (x and y) that conflict. git
 * merges it cleanly through a virtual merge base holding the conflict markers.
 */
function crissCross(): string {
  const dir = scratchDir('specgate-criss-cross-');
  const commit = (message: string) => git(dir, 'commit', '-q', '-am', message);
  const write = (file: string, content: string) => fs.writeFileSync(path.join(dir, file), content);
  git(dir, 'init', '-q', '-b', 'main');
  write('a.txt', lines('5'));
  write('b.txt', 'b\n');
  git(dir, 'add', '.');
  commit('root');
  git(dir, 'checkout', '-q', '-b', 'x');
  write('a.txt', lines('x'));
  commit('x');
  git(dir, 'checkout', '-q', '-b', 'y', 'main');
  write('a.txt', lines('y'));
  commit('y');
  for (const [branch, from, other] of [
    ['main', 'x', 'y'],
    ['feature', 'y', 'x'],
  ]) {
    git(dir, 'checkout', '-q', '-B', branch, from);
    git(
      dir,
      'merge',
      '-q',
      '--no-ff',
      '-m',
      `merge ${other}`,
      other,
      '--no-commit',
      '--strategy-option=ours',
    );
    write('a.txt', lines('xy'));
    git(dir, 'add', '.');
    git(dir, 'commit', '-q', '-m', `merge ${other} into ${branch}`);
  }
  write('b.txt', 'b from feature\n');
  commit('feature edits b');
  git(dir, 'checkout', '-q', 'main');
  return dir;
}

describe('criss-cross merges', () => {
  it('merges a change whose merge bases conflict with each other, to the tree git merges', async () => {
    const dir = crissCross();
    expect(git(dir, 'merge-base', '--all', 'main', 'feature').trim().split('\n')).to.have.length(2);
    const expected = git(dir, 'merge-tree', '--write-tree', 'main', 'feature').trim();
    const run = await runCli(['plan', 'feature', '--json'], { cwd: dir });
    expect(run.status, run.stderr).to.equal(0);
    const [change] = (JSON.parse(run.stdout) as PipelineResult).changes;
    expect(change.result, change.message).to.not.equal('MERGE_CONFLICT');
    expect(git(dir, 'rev-parse', `${change.speculativeSha}^{tree}`).trim()).to.equal(expected);
    expect(git(dir, 'show', `${change.speculativeSha}:b.txt`)).to.equal('b from feature\n');
  });
});
