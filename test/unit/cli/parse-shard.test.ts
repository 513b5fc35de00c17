import { expect } from 'chai';
import { parseShard } from '../../../src/cli/parse-shard.js';
import { UserError } from '../../../src/errors/specgate-error.js';

function usageError(run: () => unknown): UserError {
  try {
    run();
  } catch (error) {
    expect(error).to.be.instanceOf(UserError);
    expect((error as UserError).code).to.equal('BAD_USAGE');
    return error as UserError;
  }
  throw new Error('expected a BAD_USAGE error');
}

describe('parseShard', () => {
  it('parses i/n', () => {
    expect(parseShard('1/3', {})).to.deep.equal({ index: 1, total: 3 });
    expect(parseShard('3/3', {})).to.deep.equal({ index: 3, total: 3 });
    expect(parseShard('1/1', {})).to.deep.equal({ index: 1, total: 1 });
    expect(parseShard('12/20', {})).to.deep.equal({ index: 12, total: 20 });
  });

  for (const value of ['0/3', '4/3', 'a/b', '1/0', '', '1', '1/3/5', '-1/3', ' 1/3', '1.5/3']) {
    it(`refuses ${JSON.stringify(value)} with a message naming --shard`, () => {
      const error = usageError(() => parseShard(value, {}));
      expect(error.message).to.contain('--shard').and.contain('i/n');
    });
  }

  it('names the value it refuses', () => {
    expect(usageError(() => parseShard('4/3', {})).message).to.equal(
      '--shard 4/3: expected i/n with 1 ≤ i ≤ n, such as 1/3',
    );
  });

  it('reads GitLab parallel jobs (1-based) for auto', () => {
    expect(parseShard('auto', { CI_NODE_INDEX: '2', CI_NODE_TOTAL: '4' })).to.deep.equal({
      index: 2,
      total: 4,
    });
  });

  it('reads Buildkite parallel jobs (0-based) for auto', () => {
    expect(
      parseShard('auto', { BUILDKITE_PARALLEL_JOB: '0', BUILDKITE_PARALLEL_JOB_COUNT: '3' }),
    ).to.deep.equal({ index: 1, total: 3 });
  });

  it('reads CircleCI parallel jobs (0-based) for auto', () => {
    expect(parseShard('auto', { CIRCLE_NODE_INDEX: '1', CIRCLE_NODE_TOTAL: '2' })).to.deep.equal({
      index: 2,
      total: 2,
    });
  });

  it('refuses auto without a parallel CI job', () => {
    expect(usageError(() => parseShard('auto', {})).message).to.match(
      /^--shard auto: no parallel CI job found/,
    );
    const error = usageError(() => parseShard('auto', { CI: 'true', CI_NODE_INDEX: '1' }));
    expect(error.message).to.match(/^--shard auto: no parallel CI job found/);
  });

  it('refuses auto when the CI variables are out of range, naming them', () => {
    const error = usageError(() => parseShard('auto', { CIRCLE_NODE_INDEX: '2', CIRCLE_NODE_TOTAL: '2' }));
    expect(error.message).to.contain('--shard auto').and.contain('CIRCLE_NODE_INDEX=2');
  });

  it('reads process.env by default', () => {
    const saved = { ...process.env };
    try {
      for (const name of [
        'CI_NODE_INDEX',
        'CI_NODE_TOTAL',
        'BUILDKITE_PARALLEL_JOB',
        'BUILDKITE_PARALLEL_JOB_COUNT',
      ])
        delete process.env[name];
      process.env.CIRCLE_NODE_INDEX = '0';
      process.env.CIRCLE_NODE_TOTAL = '5';
      expect(parseShard('auto')).to.deep.equal({ index: 1, total: 5 });
    } finally {
      for (const name of [
        'CI_NODE_INDEX',
        'CI_NODE_TOTAL',
        'BUILDKITE_PARALLEL_JOB',
        'BUILDKITE_PARALLEL_JOB_COUNT',
        'CIRCLE_NODE_INDEX',
        'CIRCLE_NODE_TOTAL',
      ]) {
        if (saved[name] === undefined) delete process.env[name];
        else process.env[name] = saved[name];
      }
    }
  });
});
