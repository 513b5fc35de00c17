import { expect } from 'chai';
import { runShard } from '../../../src/workflows/run-shard.js';
import { job } from '../jobs/job-fixtures.js';
import { fakeAdapters, fakeConfig, fakeJobs, queueRepository } from './fakes.js';

const config = fakeConfig({
  jobs: [job('unit', 'npm test'), job('lint', 'npm run lint')],
  pipelines: { check: ['unit', 'lint'], gate: ['unit', 'lint'] },
});

describe('runShard (fakes)', () => {
  it('each shard runs only its own units of the planned states; together they run every job once', async () => {
    const { repository } = queueRepository('a', 'b');
    const runner = fakeJobs();
    const adapters = fakeAdapters({ repository, config, jobs: runner.jobs });
    const shard = (index: number) =>
      runShard('gate', {
        cwd: '/repo',
        changes: ['a', 'b'],
        keep: false,
        signal: new AbortController().signal,
        observer: {},
        adapters,
        cache: false,
        shard: { index, total: 2 },
      });
    const first = await shard(1);
    const firstRan = runner.ran.splice(0);
    const second = await shard(2);
    const secondRan = runner.ran.splice(0);
    const ran = (list: typeof firstRan) => list.map(({ job: name, changes }) => `${changes}:${name}`).sort();
    expect([...ran(firstRan), ...ran(secondRan)].sort()).to.deep.equal([
      'a b:lint',
      'a b:unit',
      'a:lint',
      'a:unit',
    ]);
    expect(firstRan.length).to.be.greaterThan(0);
    expect(secondRan.length).to.be.greaterThan(0);
    expect(first.partial).to.deep.include({ version: 1, shard: { index: 1, total: 2 } });
    expect(first.partial.inputs).to.equal(second.partial.inputs);
    expect(first.changes.map((change) => change.id)).to.deep.equal(['a', 'b']);
    expect(
      first.units
        .flatMap((unit) => unit.jobs.map((outcome) => `${unit.includes.join(' ')}:${outcome.name}`))
        .sort(),
    ).to.deep.equal(ran(firstRan));
    // Every result the shard used travels with it, for `report merge`.
    expect(first.results).to.have.length(firstRan.length);
  });
});
