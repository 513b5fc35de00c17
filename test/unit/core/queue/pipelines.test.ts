import { expect } from 'chai';
import { checkIndependently } from '../../../../src/core/queue/check-independently.js';
import { gateSerially } from '../../../../src/core/queue/gate-serially.js';
import type { PlannedChange, StateOps } from '../../../../src/core/queue/pipeline-types.js';
import { homeCheckout, targetState, withCheckout } from '../../../../src/core/queue/speculative-state.js';
import type { ChangeVerdict } from '../../../../src/core/types.js';

/** A fake world: a state's "commit id" is the list of its changes; conflicts and failures are given as data. */
function world(options: {
  conflicts?: Array<[string, string]>;
  failing?: string[];
  failTogether?: Array<[string, string]>;
}) {
  const tested: string[] = [];
  const ops: StateOps = {
    async merge(onto, change) {
      const { sha } = homeCheckout(onto);
      const inState = sha === 'T' ? [] : sha.slice(2).split('+');
      const clash = inState.find((other) =>
        (options.conflicts ?? []).some(
          ([a, b]) => (a === other && b === change.id) || (b === other && a === change.id),
        ),
      );
      if (clash) return { clean: false, message: `conflict with ${clash}` };
      const merged = { project: 'home', sha: `T+${[...inState, change.id].join('+')}` };
      return { clean: true, state: withCheckout(onto, merged) };
    },
    async test({ change, state, includes }) {
      tested.push(homeCheckout(state).sha);
      const fails =
        (options.failing ?? []).includes(change.id) ||
        (options.failTogether ?? []).some(([a, b]) => includes.includes(a) && includes.includes(b));
      return [
        {
          name: 'test',
          result: fails ? 'FAILURE' : 'SUCCESS',
          voting: true,
          attempts: 1,
          cached: false,
          durationMs: 1,
        },
      ];
    },
  };
  return { ops, tested };
}

const changes = (...specs: Array<string | [string, string[]]>): PlannedChange[] =>
  specs.map((spec) => {
    const [id, dependsOn] = typeof spec === 'string' ? [spec, []] : spec;
    return { id, sha: `sha-${id}`, dependsOn, pulledIn: false };
  });

const summary = (verdicts: ChangeVerdict[]) => verdicts.map((v) => [v.id, v.result, v.includes.join('+')]);
const target = { ref: 'main', sha: 'T' };
const base = targetState('home', 'T');

describe('gateSerially (the serial merging definition)', () => {
  it('accepts parallel changes, each on the state of those ahead', async () => {
    const { ops } = world({});
    const verdicts = await gateSerially({ target, base, queue: changes('a', 'b', 'c'), cycles: [], ops });
    expect(summary(verdicts)).to.deep.equal([
      ['a', 'SUCCESS', 'a'],
      ['b', 'SUCCESS', 'a+b'],
      ['c', 'SUCCESS', 'a+b+c'],
    ]);
    expect(verdicts[2].speculativeSha).to.equal('T+a+b+c');
  });

  it('drops a failing change from every state behind it', async () => {
    const { ops } = world({ failing: ['b'] });
    const verdicts = await gateSerially({ target, base, queue: changes('a', 'b', 'c'), cycles: [], ops });
    expect(summary(verdicts)).to.deep.equal([
      ['a', 'SUCCESS', 'a'],
      ['b', 'FAILURE', 'a+b'],
      ['c', 'SUCCESS', 'a+c'],
    ]);
    expect(verdicts[1].message).to.equal('job test (FAILURE) did not succeed');
  });

  it('rejects a change that conflicts with an accepted change ahead, naming the state', async () => {
    const { ops } = world({ conflicts: [['a', 'c']] });
    const verdicts = await gateSerially({
      target,
      base,
      queue: changes('a', 'b', 'c', 'd'),
      cycles: [],
      ops,
    });
    expect(summary(verdicts)).to.deep.equal([
      ['a', 'SUCCESS', 'a'],
      ['b', 'SUCCESS', 'a+b'],
      ['c', 'MERGE_CONFLICT', 'a+b+c'],
      ['d', 'SUCCESS', 'a+b+d'],
    ]);
    expect(verdicts[2].message).to.equal('does not merge onto main + a + b: conflict with a');
  });

  it('does not hold a conflict against a change when the conflicting one was rejected', async () => {
    const { ops } = world({ conflicts: [['a', 'b']], failing: ['a'] });
    const verdicts = await gateSerially({ target, base, queue: changes('a', 'b'), cycles: [], ops });
    expect(summary(verdicts)).to.deep.equal([
      ['a', 'FAILURE', 'a'],
      ['b', 'SUCCESS', 'b'],
    ]);
  });

  it('fails a change whose dependency was rejected, without testing it', async () => {
    const { ops, tested } = world({ failing: ['a'] });
    const verdicts = await gateSerially({
      target,
      base,
      queue: changes('a', ['b', ['a']], 'c'),
      cycles: [],
      ops,
    });
    expect(summary(verdicts)).to.deep.equal([
      ['a', 'FAILURE', 'a'],
      ['b', 'DEPENDENCY_FAILED', ''],
      ['c', 'SUCCESS', 'c'],
    ]);
    expect(verdicts[1].message).to.equal('depends on a, which was rejected (FAILURE)');
    expect(tested).to.deep.equal(['T+a', 'T+c']);
  });

  it('finds a failure that appears only when two changes meet, and blames the later one', async () => {
    const { ops } = world({ failTogether: [['a', 'c']] });
    const verdicts = await gateSerially({ target, base, queue: changes('a', 'b', 'c'), cycles: [], ops });
    expect(summary(verdicts)).to.deep.equal([
      ['a', 'SUCCESS', 'a'],
      ['b', 'SUCCESS', 'a+b'],
      ['c', 'FAILURE', 'a+b+c'],
    ]);
  });

  it('rejects the members of a cycle and their dependents', async () => {
    const { ops } = world({});
    const queue = changes(['a', ['b']], ['b', ['a']], ['c', ['a']], 'd');
    const verdicts = await gateSerially({ target, base, queue, cycles: [['a', 'b']], ops });
    expect(summary(verdicts)).to.deep.equal([
      ['a', 'DEPENDENCY_CYCLE', ''],
      ['b', 'DEPENDENCY_CYCLE', ''],
      ['c', 'DEPENDENCY_FAILED', ''],
      ['d', 'SUCCESS', 'd'],
    ]);
    expect(verdicts[0].message).to.equal('dependency cycle: a -> b -> a');
  });

  it('plans without jobs when there is no test operation', async () => {
    const { ops } = world({ conflicts: [['a', 'b']] });
    const verdicts = await gateSerially({
      target,
      base,
      queue: changes('a', 'b'),
      cycles: [],
      ops: { merge: ops.merge },
    });
    expect(summary(verdicts)).to.deep.equal([
      ['a', 'SUCCESS', 'a'],
      ['b', 'MERGE_CONFLICT', 'a+b'],
    ]);
    expect(verdicts[0].message).to.equal('merges cleanly onto main; no jobs run by plan');
  });

  it('hands each verdict to `decided` with the state it was decided on, whose home commit is its speculativeSha', async () => {
    const { ops } = world({ conflicts: [['a', 'b']] });
    const heard: Array<[string, string | undefined, string | undefined]> = [];
    await gateSerially({
      target,
      base,
      queue: changes('a', 'b', ['c', ['b']]),
      cycles: [],
      ops: {
        ...ops,
        decided: (verdict, state) =>
          heard.push([verdict.id, verdict.speculativeSha, state && homeCheckout(state).sha]),
      },
    });
    expect(heard).to.deep.equal([
      ['a', 'T+a', 'T+a'],
      ['b', undefined, undefined],
      ['c', undefined, undefined],
    ]);
  });
});

describe('checkIndependently', () => {
  it('tests each change on the target plus its own dependencies, whatever happens to the others', async () => {
    const { ops } = world({ failing: ['a'], conflicts: [['b', 'c']] });
    const queue = changes('a', ['b', ['a']], 'c');
    const verdicts = await checkIndependently({ target, base, queue, cycles: [], ops });
    expect(summary(verdicts)).to.deep.equal([
      ['a', 'FAILURE', 'a'],
      ['b', 'SUCCESS', 'a+b'],
      ['c', 'SUCCESS', 'c'],
    ]);
  });

  it('judges only the changes the user queued, including pulled-in dependencies in their states', async () => {
    const { ops } = world({});
    const queue = [{ id: 'dep', sha: 'sha-dep', dependsOn: [], pulledIn: true }, ...changes(['b', ['dep']])];
    const verdicts = await checkIndependently({ target, base, queue, cycles: [], ops });
    expect(summary(verdicts)).to.deep.equal([['b', 'SUCCESS', 'dep+b']]);
  });

  it('fails a change whose dependency does not merge onto the target', async () => {
    const { ops } = world({ conflicts: [['a', 'b']] });
    const verdicts = await checkIndependently({
      target,
      base,
      queue: changes('a', ['b', ['a']]),
      cycles: [],
      ops,
    });
    expect(summary(verdicts)).to.deep.equal([
      ['a', 'SUCCESS', 'a'],
      ['b', 'MERGE_CONFLICT', 'a+b'],
    ]);
  });

  it('hands each tested verdict to `decided` with its state', async () => {
    const { ops } = world({ failing: ['a'] });
    const heard: Array<[string, string | undefined]> = [];
    const queue = changes('a', ['b', ['a']]);
    await checkIndependently({
      target,
      base,
      queue,
      cycles: [],
      ops: {
        ...ops,
        decided: (verdict, state) => heard.push([verdict.id, state && homeCheckout(state).sha]),
      },
    });
    expect(heard.sort()).to.deep.equal([
      ['a', 'T+a'],
      ['b', 'T+a+b'],
    ]);
  });
});
