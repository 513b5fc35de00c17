import { expect } from 'chai';
import { bundleCycles, unbundleVerdicts } from '../../../../src/core/queue/bundle-cycles.js';
import { gateSerially } from '../../../../src/core/queue/gate-serially.js';
import type { PlannedChange } from '../../../../src/core/queue/pipeline-types.js';
import { homeCheckout, targetState, withCheckout } from '../../../../src/core/queue/speculative-state.js';

const change = (id: string, dependsOn: string[] = []): PlannedChange => ({
  id,
  sha: `sha-${id}`,
  dependsOn,
  pulledIn: false,
});

describe('bundleCycles', () => {
  const queue = [change('x'), change('b', ['a']), change('a', ['b']), change('d', ['a']), change('e')];
  const bundled = bundleCycles(queue, [['a', 'b']]);

  it('replaces a cycle by one bundle at its first member, named and merged in queue order', () => {
    expect(bundled.map((item) => [item.id, item.dependsOn.join(',')])).to.deep.equal([
      ['x', ''],
      ['bundle(b, a)', ''],
      ['d', 'bundle(b, a)'],
      ['e', ''],
    ]);
    expect(bundled[1].members!.map((member) => member.id)).to.deep.equal(['b', 'a']);
  });

  it('judges the members together and gives each its own verdict back', async () => {
    const merged: string[] = [];
    const verdicts = await gateSerially({
      target: { ref: 'main', sha: 'T' },
      base: targetState('home', 'T'),
      queue: bundled,
      cycles: [],
      ops: {
        merge: async (onto, item) => {
          merged.push(item.id);
          const sha = `${homeCheckout(onto).sha}+${item.id}`;
          return { clean: true, state: withCheckout(onto, { project: 'home', sha }) };
        },
        test: async ({ change: item }) => [
          {
            name: 't',
            result: item.id.startsWith('bundle') ? 'FAILURE' : 'SUCCESS',
            voting: true,
            attempts: 1,
            cached: false,
            durationMs: 1,
          },
        ],
      },
    });
    const flat = unbundleVerdicts(verdicts, bundled, queue);
    expect(flat.map((v) => [v.id, v.result, v.includes.join('+'), v.dependsOn.join(',')])).to.deep.equal([
      ['x', 'SUCCESS', 'x', ''],
      ['b', 'FAILURE', 'x+b+a', 'a'],
      ['a', 'FAILURE', 'x+b+a', 'b'],
      ['d', 'DEPENDENCY_FAILED', '', 'a'],
      ['e', 'SUCCESS', 'x+e', ''],
    ]);
    expect(flat[1].message).to.equal('in bundle(b, a): job t (FAILURE) did not succeed');
  });
});
