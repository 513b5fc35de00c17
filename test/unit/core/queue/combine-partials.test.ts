import { expect } from 'chai';
import { combinePartials } from '../../../../src/core/queue/combine-partials.js';
import type { KeptResult, PartialResult } from '../../../../src/core/types.js';

const TARGET = { ref: 'main', sha: 'a'.repeat(40) };

function partial(
  index: number,
  total: number,
  fields: { inputs?: string; mode?: 'check' | 'gate'; results?: KeptResult[] } = {},
): PartialResult {
  return {
    partial: { version: 1, shard: { index, total }, inputs: fields.inputs ?? 'digest-1' },
    mode: fields.mode ?? 'gate',
    target: TARGET,
    changes: [{ id: 'feature-a', sha: 'b'.repeat(40) }],
    options: { strategy: 'speculative', window: 20 },
    units: [],
    results: fields.results ?? [],
  };
}

const kept = (
  tree: string,
  job: string,
  key: string,
  at: string,
  result: 'SUCCESS' | 'FAILURE' = 'SUCCESS',
): KeptResult => ({
  tree,
  job,
  key,
  run: { result, attempts: 1, durationMs: 5, at },
});

describe('combinePartials', () => {
  it('refuses an empty list', () => {
    expect(combinePartials([], [])).to.deep.equal({ ok: false, problem: 'no partial result given' });
  });

  it('refuses partials of different inputs, naming both files', () => {
    const combined = combinePartials(
      [partial(1, 2), partial(2, 2, { inputs: 'digest-2' })],
      ['one.json', 'two.json'],
    );
    expect(combined.ok).to.equal(false);
    expect(combined.ok === false && combined.problem).to.equal(
      'two.json is a shard of a different run than one.json (its target, changes, configuration or mode differ)',
    );
  });

  it('refuses partials of different modes, naming both files', () => {
    const combined = combinePartials(
      [partial(1, 2, { mode: 'check' }), partial(2, 2)],
      ['check-1.json', 'gate-2.json'],
    );
    expect(combined.ok).to.equal(false);
    expect(combined.ok === false && combined.problem)
      .to.contain('gate-2.json')
      .and.contain('check-1.json')
      .and.contain('different run');
  });

  it('refuses partials split into different numbers of shards', () => {
    const combined = combinePartials([partial(1, 2), partial(2, 3)], ['a.json', 'b.json']);
    expect(combined).to.deep.equal({ ok: false, problem: 'b.json is shard 2/3, a.json is one of 2' });
  });

  it('refuses the same shard twice, naming both files', () => {
    const combined = combinePartials(
      [partial(1, 3), partial(2, 3), partial(2, 3)],
      ['s1.json', 's2.json', 'copy.json'],
    );
    expect(combined).to.deep.equal({ ok: false, problem: 's2.json and copy.json are both shard 2/3' });
  });

  it('refuses missing shards, listing each as i/n', () => {
    expect(combinePartials([partial(2, 4)], ['two.json'])).to.deep.equal({
      ok: false,
      problem: 'missing shards 1/4, 3/4, 4/4',
    });
    expect(combinePartials([partial(1, 2)], ['one.json'])).to.deep.equal({
      ok: false,
      problem: 'missing shard 2/2',
    });
  });

  it("combines every shard into the first partial's run, in any order", () => {
    const combined = combinePartials([partial(2, 2), partial(1, 2)], ['two.json', 'one.json']);
    expect(combined).to.deep.equal({
      ok: true,
      run: {
        mode: 'gate',
        target: TARGET,
        changes: [{ id: 'feature-a', sha: 'b'.repeat(40) }],
        options: { strategy: 'speculative', window: 20 },
        inputs: 'digest-1',
        total: 2,
      },
      results: [],
    });
  });

  it('pools results, keeping the latest run of each tree and key', () => {
    const old = kept('tree-1', 'unit', 'key-u', '2024-03-01T10:00:00.000Z', 'FAILURE');
    const recent = kept('tree-1', 'unit', 'key-u', '2024-03-01T11:00:00.000Z');
    const otherTree = kept('tree-2', 'unit', 'key-u', '2024-03-01T09:00:00.000Z');
    const otherKey = kept('tree-1', 'unit', 'key-v', '2024-03-01T09:00:00.000Z');
    const lint = kept('tree-1', 'lint', 'key-l', '2024-03-01T09:30:00.000Z');
    for (const [first, second] of [
      [
        [old, otherTree],
        [recent, otherKey, lint],
      ],
      [
        [recent, otherTree],
        [old, otherKey, lint],
      ],
    ]) {
      const combined = combinePartials(
        [partial(1, 2, { results: first }), partial(2, 2, { results: second })],
        ['a', 'b'],
      );
      expect(combined.ok).to.equal(true);
      const results = combined.ok ? combined.results : [];
      expect(results).to.have.length(4);
      expect(results).to.deep.include(recent);
      expect(results).to.deep.include(otherTree);
      expect(results).to.deep.include(otherKey);
      expect(results).to.deep.include(lint);
      expect(results).to.not.deep.include(old);
    }
  });

  it('pools the same result given twice into one', () => {
    const result = kept('tree-1', 'unit', 'key-u', '2024-03-01T10:00:00.000Z');
    const combined = combinePartials(
      [partial(1, 2, { results: [result] }), partial(2, 2, { results: [{ ...result }] })],
      ['a', 'b'],
    );
    expect(combined.ok && combined.results).to.deep.equal([result]);
  });

  // A hand-edited or corrupted file claiming 4/3: nothing is missing or doubled, yet it is no shard.
  it('refuses a shard number outside 1..total', () => {
    const combined = combinePartials(
      [partial(1, 3), partial(2, 3), partial(3, 3), partial(4, 3)],
      ['1.json', '2.json', '3.json', '4.json'],
    );
    expect(combined.ok).to.equal(false);
    expect(combined.ok === false && combined.problem).to.contain('4.json');
  });
});
