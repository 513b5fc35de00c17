import { expect } from 'chai';
import type { PipelineResult } from '../../src/core/types.js';
import { configFile, fixtureRepo } from '../helpers/fixture-repo.js';
import { jobsNotRun } from '../helpers/jobs-not-run.js';
import { runCli } from '../helpers/run-cli.js';

/** Zuul's scheduler scenarios, gated end to end with real jobs, with both strategies. */
describe("Zuul's scheduler scenarios, end to end", () => {
  let dir: string;
  let config: string;
  before(async () => {
    ({ dir } = await fixtureRepo('scenarios'));
    config = configFile('jobs:\n  test:\n    run: ./check.sh\n');
  });

  // The scenarios share one repository and many states: --no-cache makes every gate run its jobs rather
  // than take the verdicts an earlier scenario (or the other strategy) left in the result cache.
  const gate = async (strategy: string, ...queue: string[]) => {
    const run = await runCli(
      ['gate', ...queue, '--strategy', strategy, '-j', '4', '--json', '--no-cache', '--config', config],
      { cwd: dir },
    );
    expect(run.status, run.stderr).to.be.oneOf([0, 1]);
    const result = JSON.parse(run.stdout) as PipelineResult;
    for (const change of result.changes)
      expect(
        change.jobs.map((j) => j.name),
        change.id,
      ).to.deep.equal(['test']);
    expect(jobsNotRun(result)).to.deep.equal([]);
    return result.changes.map((c) => `${c.id}:${c.result}:${c.includes.join('+')}`);
  };

  for (const strategy of ['speculative', 'batch']) {
    describe(strategy, () => {
      it('parallel changes all merge', async () => {
        expect(await gate(strategy, 'good-1', 'good-2', 'left')).to.deep.equal([
          'good-1:SUCCESS:good-1',
          'good-2:SUCCESS:good-1+good-2',
          'left:SUCCESS:good-1+good-2+left',
        ]);
      });

      it('a failed change at the head is dropped and the rest are retested without it', async () => {
        expect(await gate(strategy, 'bad-1', 'good-1', 'good-2')).to.deep.equal([
          'bad-1:FAILURE:bad-1',
          'good-1:SUCCESS:good-1',
          'good-2:SUCCESS:good-1+good-2',
        ]);
      });

      it('two failing changes at the head are each judged on their own state', async () => {
        expect(await gate(strategy, 'bad-1', 'bad-2', 'good-1')).to.deep.equal([
          'bad-1:FAILURE:bad-1',
          'bad-2:FAILURE:bad-2',
          'good-1:SUCCESS:good-1',
        ]);
      });

      it('a failed change in the middle', async () => {
        expect(await gate(strategy, 'good-1', 'bad-1', 'good-2')).to.deep.equal([
          'good-1:SUCCESS:good-1',
          'bad-1:FAILURE:good-1+bad-1',
          'good-2:SUCCESS:good-1+good-2',
        ]);
      });

      it('a failure that appears only when two changes meet rejects the later one', async () => {
        expect(await gate(strategy, 'left', 'good-1', 'right', 'good-2')).to.deep.equal([
          'left:SUCCESS:left',
          'good-1:SUCCESS:left+good-1',
          'right:FAILURE:left+good-1+right',
          'good-2:SUCCESS:left+good-1+good-2',
        ]);
      });
    });
  }
});
