import { expect } from 'chai';
import fc from 'fast-check';
import { splitIntoShards } from '../../../../src/core/queue/split-into-shards.js';

type Job = { name: string; dependencies: Array<{ name: string; soft?: boolean }> };
const job = (name: string, ...on: string[]): Job => ({
  name,
  dependencies: on.map((dep) => ({ name: dep, soft: false })),
});

describe('splitIntoShards', () => {
  it('keeps jobs connected by dependencies in one unit and deals the largest units first to the lightest shard', () => {
    const units = splitIntoShards({
      states: [
        { id: 'feature-a', jobs: [job('lint'), job('build'), job('unit', 'build'), job('docs')] },
        { id: 'feature-b', jobs: [job('lint'), job('build'), job('unit', 'build'), job('docs')] },
      ],
      total: 3,
    });
    // build+unit of each state first (shards 1, 2), then the single jobs to whichever shard has fewest.
    expect(units).to.deep.equal([
      { state: 'feature-a', jobs: ['lint'], shard: 3 },
      { state: 'feature-a', jobs: ['build', 'unit'], shard: 1 },
      { state: 'feature-a', jobs: ['docs'], shard: 3 },
      { state: 'feature-b', jobs: ['lint'], shard: 1 },
      { state: 'feature-b', jobs: ['build', 'unit'], shard: 2 },
      { state: 'feature-b', jobs: ['docs'], shard: 2 },
    ]);
  });

  it('does not pile the repeated pairs of every state onto one shard', () => {
    // Round-robin by unit would give shard 1 every build+unit pair and shard 2 every lint.
    const state = (id: string) => ({ id, jobs: [job('build'), job('unit', 'build'), job('lint')] });
    const units = splitIntoShards({ states: [state('a'), state('b'), state('c'), state('d')], total: 2 });
    const jobsOn = (shard: number) =>
      units.filter((unit) => unit.shard === shard).reduce((sum, unit) => sum + unit.jobs.length, 0);
    expect([jobsOn(1), jobsOn(2)]).to.deep.equal([6, 6]);
  });

  it('joins jobs linked transitively, through soft dependencies and dependencies listed before the job they name', () => {
    const units = splitIntoShards({
      states: [
        {
          id: 'HEAD',
          jobs: [
            { name: 'e2e', dependencies: [{ name: 'deploy', soft: true }] },
            job('lint'),
            job('deploy', 'build'),
            job('build'),
            job('bench', 'build'),
          ],
        },
      ],
      total: 2,
    });
    expect(units).to.deep.equal([
      { state: 'HEAD', jobs: ['e2e', 'deploy', 'build', 'bench'], shard: 1 },
      { state: 'HEAD', jobs: ['lint'], shard: 2 },
    ]);
  });

  it('joins two jobs that share a dependency only through a third one', () => {
    // c depends on a and b: one unit although a and b are unrelated to each other.
    const units = splitIntoShards({
      states: [{ id: 's', jobs: [job('a'), job('b'), job('x'), job('c', 'a', 'b')] }],
      total: 4,
    });
    expect(units).to.deep.equal([
      { state: 's', jobs: ['a', 'b', 'c'], shard: 1 },
      { state: 's', jobs: ['x'], shard: 2 },
    ]);
  });

  it('puts everything on shard 1 when there is one shard', () => {
    const units = splitIntoShards({
      states: [
        { id: 'a', jobs: [job('x'), job('y'), job('z')] },
        { id: 'b', jobs: [job('x')] },
      ],
      total: 1,
    });
    expect(units.map((unit) => unit.shard)).to.deep.equal([1, 1, 1, 1]);
  });

  it('leaves shards empty when there are fewer units than shards, and returns nothing for no jobs', () => {
    expect(splitIntoShards({ states: [{ id: 'a', jobs: [job('x')] }], total: 3 })).to.deep.equal([
      { state: 'a', jobs: ['x'], shard: 1 },
    ]);
    expect(splitIntoShards({ states: [{ id: 'a', jobs: [] }], total: 3 })).to.deep.equal([]);
  });

  it('splits connected groups exactly, balances shards and is deterministic (property)', () => {
    const state = fc.integer({ min: 0, max: 8 }).chain((n) =>
      fc.record({
        n: fc.constant(n),
        // Edges between any two jobs, in either direction: the list order is not a topological order.
        edges: fc.array(
          fc.record({ from: fc.nat(Math.max(0, n - 1)), to: fc.nat(Math.max(0, n - 1)), soft: fc.boolean() }),
          { maxLength: n },
        ),
      }),
    );
    const input = fc.record({
      states: fc.array(state, { minLength: 1, maxLength: 4 }),
      total: fc.integer({ min: 1, max: 5 }),
    });
    fc.assert(
      fc.property(input, ({ states: shapes, total }) => {
        const states = shapes.map(({ n, edges }, s) => ({
          id: `state-${s}`,
          jobs: Array.from({ length: n }, (_, i) => ({
            name: `j${i}`,
            dependencies: edges
              .filter((e) => e.from === i && e.to !== i)
              .map((e) => ({ name: `j${e.to}`, soft: e.soft })),
          })),
        }));
        const units = splitIntoShards({ states, total });
        expect(splitIntoShards({ states, total })).to.deep.equal(units);

        for (const [s, { n, edges }] of shapes.entries()) {
          const id = `state-${s}`;
          // Connected components, undirected, computed independently.
          const component = Array.from({ length: n }, (_, i) => i);
          const find = (i: number): number => (component[i] === i ? i : find(component[i]));
          for (const e of edges) if (e.from !== e.to) component[find(e.from)] = find(e.to);
          const mine = units.filter((unit) => unit.state === id);
          // Every job exactly once, each unit in job order, units ordered by their first job.
          expect(mine.flatMap((unit) => unit.jobs).sort()).to.deep.equal(
            Array.from({ length: n }, (_, i) => `j${i}`).sort(),
          );
          for (const unit of mine) {
            const indices = unit.jobs.map((name) => Number(name.slice(1)));
            expect(indices).to.deep.equal([...indices].sort((a, b) => a - b));
            // One unit is exactly one component.
            expect(new Set(indices.map(find)).size).to.equal(1);
            expect(indices.length).to.equal(
              component.map((_, i) => i).filter((i) => find(i) === find(indices[0])).length,
            );
          }
          const firsts = mine.map((unit) => Number(unit.jobs[0].slice(1)));
          expect(firsts).to.deep.equal([...firsts].sort((a, b) => a - b));
        }
        // States in order; every shard number valid; job counts differ by at most the largest unit.
        const stateOrder = units.map((unit) => Number(unit.state.slice('state-'.length)));
        expect(stateOrder).to.deep.equal([...stateOrder].sort((a, b) => a - b));
        for (const unit of units) expect(unit.shard).to.be.within(1, total);
        const jobs = Array.from({ length: total }, (_, i) =>
          units.filter((unit) => unit.shard === i + 1).reduce((sum, unit) => sum + unit.jobs.length, 0),
        );
        const largest = Math.max(0, ...units.map((unit) => unit.jobs.length));
        expect(Math.max(...jobs) - Math.min(...jobs)).to.be.at.most(largest);
      }),
      { numRuns: 300 },
    );
  });
});
