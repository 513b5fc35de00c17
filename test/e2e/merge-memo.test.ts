import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import type { PipelineResult } from '../../src/core/types.js';
import { fixtureRepo, scratchDir } from '../helpers/fixture-repo.js';
import { git } from '../helpers/git.js';
import { runCli } from '../helpers/run-cli.js';

const QUEUE = ['add-farewell', 'shout-greeting', 'reword-usage', 'shout-docs', 'farewell-polite'];

const plan = async (dir: string, ...extra: string[]) => {
  const run = await runCli(['plan', ...QUEUE, '--json', ...extra], { cwd: dir });
  expect(run.status, run.stderr).to.equal(1); // reword-usage conflicts
  return (JSON.parse(run.stdout) as PipelineResult).changes.map((c) => ({
    id: c.id,
    result: c.result,
    sha: c.speculativeSha,
    message: c.message,
  }));
};

describe('remembered merges (.git/specgate/cache/merges)', () => {
  it('gives a re-run the same states and conflicts as computing every merge afresh', async () => {
    const { dir } = await fixtureRepo('demo');
    const first = await plan(dir);
    const memo = path.join(dir, '.git', 'specgate', 'cache', 'merges');
    expect(fs.readFileSync(memo, 'utf8').trim().split('\n').length).to.be.at.least(QUEUE.length);
    expect(await plan(dir)).to.deep.equal(first);
    expect(await plan(dir, '--no-cache')).to.deep.equal(first);
    expect(first.find((c) => c.id === 'reword-usage')!.message).to.match(/conflict in README\.md/);
  });

  it('merges again when git gc pruned a remembered commit, and the state is whole', async () => {
    const { dir } = await fixtureRepo('demo');
    const first = await plan(dir);
    const top = first.find((c) => c.id === 'farewell-polite')!.sha!;
    git(dir, 'reflog', 'expire', '--expire=now', '--all');
    git(dir, 'gc', '-q', '--prune=now');
    expect(() => git(dir, 'cat-file', '-e', top)).to.throw();
    expect(await plan(dir)).to.deep.equal(first);
    git(dir, 'cat-file', '-e', `${top}^{tree}`);
    const state = path.join(scratchDir(), 'state');
    const checkout = await runCli(['checkout', ...QUEUE, '--dir', state], { cwd: dir });
    expect(checkout.status, checkout.stderr).to.equal(0);
    expect(git(state, 'rev-parse', 'HEAD').trim()).to.equal(top);
    expect(git(state, 'status', '--porcelain')).to.equal('');
  });

  it('ignores lines it cannot read', async () => {
    const { dir } = await fixtureRepo('demo');
    const first = await plan(dir);
    const memo = path.join(dir, '.git', 'specgate', 'cache', 'merges');
    const damaged = fs
      .readFileSync(memo, 'utf8')
      .split('\n')
      .map((line) => (line ? `${line.slice(0, 70)}garbage` : line))
      .join('\n');
    fs.writeFileSync(memo, `not a line\n${damaged}`);
    expect(await plan(dir)).to.deep.equal(first);
  });
});
