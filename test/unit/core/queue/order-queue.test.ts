import { expect } from 'chai';
import fc from 'fast-check';
import { findCycles } from '../../../../src/core/queue/find-cycles.js';
import { orderQueue } from '../../../../src/core/queue/order-queue.js';

describe('orderQueue', () => {
  it('keeps the user order when nothing depends on anything', () => {
    const { order, cycles } = orderQueue([
      { id: 'c', dependsOn: [], pulledIn: false },
      { id: 'a', dependsOn: [], pulledIn: false },
      { id: 'b', dependsOn: [], pulledIn: false },
    ]);
    expect(order).to.deep.equal(['c', 'a', 'b']);
    expect(cycles).to.deep.equal([]);
  });

  it('places a pulled-in dependency just ahead of its first dependent', () => {
    const { order } = orderQueue([
      { id: 'x', dependsOn: [], pulledIn: false },
      { id: 'b', dependsOn: ['dep'], pulledIn: false },
      { id: 'c', dependsOn: ['dep'], pulledIn: false },
      { id: 'dep', dependsOn: [], pulledIn: true },
    ]);
    expect(order).to.deep.equal(['x', 'dep', 'b', 'c']);
  });

  it('moves a queued dependency up ahead of a dependent queued before it', () => {
    const { order } = orderQueue([
      { id: 'top', dependsOn: ['bottom'], pulledIn: false },
      { id: 'other', dependsOn: [], pulledIn: false },
      { id: 'bottom', dependsOn: [], pulledIn: false },
    ]);
    expect(order).to.deep.equal(['bottom', 'top', 'other']);
  });

  it('reports cycles and still orders every change once', () => {
    const { order, cycles } = orderQueue([
      { id: 'a', dependsOn: ['b'], pulledIn: false },
      { id: 'b', dependsOn: ['a'], pulledIn: false },
      { id: 'c', dependsOn: ['a'], pulledIn: false },
    ]);
    expect(cycles).to.deep.equal([['a', 'b']]);
    expect([...order].sort()).to.deep.equal(['a', 'b', 'c']);
  });

  it('puts every change after its dependencies unless they are in a cycle (property)', () => {
    const graph = fc.integer({ min: 1, max: 12 }).chain((n) =>
      fc.tuple(
        fc.constant(n),
        fc.array(fc.array(fc.integer({ min: 0, max: n - 1 }), { maxLength: 3 }), {
          minLength: n,
          maxLength: n,
        }),
        fc.array(fc.boolean(), { minLength: n, maxLength: n }),
      ),
    );
    fc.assert(
      fc.property(graph, ([n, deps, pulled]) => {
        const changes = Array.from({ length: n }, (_, i) => ({
          id: `c${i}`,
          dependsOn: [...new Set(deps[i].filter((d) => d !== i).map((d) => `c${d}`))],
          pulledIn: pulled[i],
        }));
        const { order, cycles } = orderQueue(changes);
        expect([...order].sort()).to.deep.equal(changes.map((c) => c.id).sort());
        const inCycle = new Set(cycles.flat());
        const at = new Map(order.map((id, i) => [id, i]));
        for (const change of changes) {
          for (const dep of change.dependsOn) {
            if (!inCycle.has(dep) && !inCycle.has(change.id))
              expect(at.get(dep)).to.be.lessThan(at.get(change.id)!);
          }
        }
        const queued = changes.filter((c) => !c.pulledIn).map((c) => c.id);
        const needed = new Set(changes.flatMap((c) => c.dependsOn));
        const independent = queued.filter(
          (id) => changes.find((c) => c.id === id)!.dependsOn.length === 0 && !needed.has(id),
        );
        // Changes unrelated to any other keep the user's relative order.
        const positions = independent.map((id) => at.get(id)!);
        expect(positions).to.deep.equal([...positions].sort((a, b) => a - b));
      }),
    );
  });
});

describe('findCycles', () => {
  it('finds self-loops and strongly connected components, not chains', () => {
    const edges: Record<string, string[]> = { a: ['b'], b: ['c'], c: ['a'], d: ['d'], e: ['a'], f: [] };
    expect(findCycles(Object.keys(edges), (n) => edges[n])).to.deep.equal([['a', 'b', 'c'], ['d']]);
  });

  it('handles a chain of 100,000 nodes without overflowing the stack', () => {
    const nodes = Array.from({ length: 100_000 }, (_, i) => `n${i}`);
    expect(findCycles(nodes, (n) => [`n${Number(n.slice(1)) + 1}`])).to.deep.equal([]);
  });
});
