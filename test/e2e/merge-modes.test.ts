import { expect } from 'chai';
import path from 'node:path';
import type { PipelineResult } from '../../src/core/types.js';
import { configFile, fixtureRepo, scratchDir } from '../helpers/fixture-repo.js';
import { git } from '../helpers/git.js';
import { runCli } from '../helpers/run-cli.js';

const QUEUE = ['add-farewell', 'farewell-polite', 'shout-greeting'];

/** Plans the queue in `mode` and returns the top state's commit and the result. */
async function plan(dir: string, mode: string, ...extra: string[]): Promise<PipelineResult> {
  const run = await runCli(
    ['plan', ...QUEUE, '--json', '--config', configFile(`merge-mode: ${mode}\n`), ...extra],
    { cwd: dir },
  );
  expect(run.status, run.stderr).to.equal(0);
  return JSON.parse(run.stdout) as PipelineResult;
}

/** A scratch clone of the fixture where native git (the oracle) may do as it likes. */
function oracleClone(dir: string): string {
  const clone = path.join(scratchDir(), 'oracle');
  git(dir, 'clone', '-q', dir, clone);
  for (const branch of QUEUE) git(clone, 'branch', '-f', branch, `origin/${branch}`);
  git(clone, 'checkout', '-q', '--detach', 'main');
  return clone;
}

describe('merge modes', () => {
  let dir: string;
  before(async () => {
    ({ dir } = await fixtureRepo('demo'));
  });

  it("cherry-pick replays each change's own commits, giving the tree `git cherry-pick` gives", async () => {
    const result = await plan(dir, 'cherry-pick');
    const clone = oracleClone(dir);
    // farewell-polite is stacked on add-farewell: only its own commit is replayed.
    git(clone, 'cherry-pick', 'add-farewell', 'farewell-polite', 'shout-greeting');
    const top = result.changes[2].speculativeSha!;
    expect(git(dir, 'rev-parse', `${top}^{tree}`)).to.equal(git(clone, 'rev-parse', 'HEAD^{tree}'));
    // A straight line of three commits on main, each with its original author and message.
    expect(git(dir, 'rev-list', '--count', `main..${top}`).trim()).to.equal('3');
    expect(git(dir, 'rev-list', '--min-parents=2', `main..${top}`)).to.equal('');
    expect(git(dir, 'log', '--format=%an|%s', `main..${top}`).trim().split('\n')).to.deep.equal([
      'Fixture Author|Greet in capitals',
      'Fixture Author|Make the farewell polite',
      'Fixture Author|Add a farewell command',
    ]);
  });

  it('squash-merge brings each change as one commit: its own diff, applied as git applies a squash', async () => {
    const result = await plan(dir, 'squash-merge');
    const clone = oracleClone(dir);
    // The oracle squashes each change into one commit on top of where the change starts (the branch it is
    // stacked on, else its merge base with main) and cherry-picks that. A plain `git merge --squash` of a
    // stacked branch would report add/add conflicts for what the change below it added.
    const startOf: Record<string, string> = {
      'add-farewell': 'main',
      'farewell-polite': 'add-farewell',
      'shout-greeting': 'main',
    };
    for (const change of QUEUE) {
      const squashed = git(
        clone,
        'commit-tree',
        `${change}^{tree}`,
        '-p',
        startOf[change],
        '-m',
        `squash ${change}`,
      ).trim();
      git(clone, 'cherry-pick', squashed);
    }
    const top = result.changes[2].speculativeSha!;
    expect(git(dir, 'rev-parse', `${top}^{tree}`)).to.equal(git(clone, 'rev-parse', 'HEAD^{tree}'));
    expect(git(dir, 'log', '--format=%s', `main..${top}`).trim().split('\n')).to.deep.equal([
      'Squashed shout-greeting',
      'Squashed farewell-polite',
      'Squashed add-farewell',
    ]);
  });

  it('gives the same commits on a second run in every mode', async () => {
    for (const mode of ['merge', 'cherry-pick', 'squash-merge']) {
      // --no-cache: the second run merges again instead of taking the first one's merges from the memo.
      const [first, second] = [await plan(dir, mode), await plan(dir, mode, '--no-cache')];
      expect(
        second.changes.map((c) => c.speculativeSha),
        mode,
      ).to.deep.equal(first.changes.map((c) => c.speculativeSha));
    }
  });

  it('reports a conflict the same way in every mode', async () => {
    for (const mode of ['cherry-pick', 'squash-merge']) {
      const run = await runCli(
        ['plan', 'add-farewell', 'reword-usage', '--json', '--config', configFile(`merge-mode: ${mode}\n`)],
        { cwd: dir },
      );
      const result = JSON.parse(run.stdout) as PipelineResult;
      expect(result.changes[1].result, mode).to.equal('MERGE_CONFLICT');
      expect(run.status).to.equal(1);
    }
  });
});
