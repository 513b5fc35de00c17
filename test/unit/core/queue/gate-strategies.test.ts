import { expect } from 'chai';
import fc from 'fast-check';
import { gateSerially } from '../../../../src/core/queue/gate-serially.js';
import { gateInBatches } from '../../../../src/core/queue/gate-in-batches.js';
import { gateSpeculatively } from '../../../../src/core/queue/gate-speculatively.js';
import type { PlannedChange, StateOps } from '../../../../src/core/queue/pipeline-types.js';
import {
  homeCheckout,
  targetState,
  withCheckout,
  type SpeculativeState,
} from '../../../../src/core/queue/speculative-state.js';
import type { ChangeVerdict, JobOutcome } from '../../../../src/core/types.js';

/** A world described as data: which changes conflict, which fail alone, which fail together. */
interface World {
  n: number;
  deps: number[][];
  conflicts: Array<[number, number]>;
  failing: number[];
  failTogether: Array<[number, number]>;
}

const id = (i: number) => `c${i}`;
const target = { ref: 'main', sha: 'T' };
const base = targetState('home', 'T');

function queueOf(world: World): PlannedChange[] {
  return Array.from({ length: world.n }, (_, i) => ({
    id: id(i),
    sha: `sha-${i}`,
    dependsOn: world.deps[i].map(id),
    pulledIn: false,
  }));
}

const job = (result: JobOutcome['result']): JobOutcome => ({
  name: 'test',
  result,
  voting: true,
  attempts: 1,
  cached: false,
  durationMs: 1,
});

/** Deterministic merges and jobs over the world; `delay` decides when each test completes. */
function opsOf(
  world: World,
  delay: (args: {
    change: string;
    includes: string[];
    signal?: AbortSignal;
  }) => Promise<void> = async () => {},
): StateOps & { merges: number } {
  const ops = {
    merges: 0,
    async merge(onto: SpeculativeState, change: PlannedChange) {
      ops.merges += 1;
      const { sha } = homeCheckout(onto);
      const inState = sha === 'T' ? [] : sha.slice(2).split('+');
      const clash = inState.find((other) =>
        world.conflicts.some(
          ([a, b]) => (id(a) === other && id(b) === change.id) || (id(b) === other && id(a) === change.id),
        ),
      );
      if (clash) return { clean: false as const, message: `conflict with ${clash}` };
      const merged = { project: 'home', sha: `T+${[...inState, change.id].join('+')}` };
      return { clean: true as const, state: withCheckout(onto, merged) };
    },
    async test({
      change,
      includes,
      signal,
    }: {
      change: PlannedChange;
      includes: string[];
      signal?: AbortSignal;
    }) {
      await delay({ change: change.id, includes, signal });
      if (signal?.aborted) return [job('ABORTED')];
      // A failure is a property of the state, as it is for real deterministic jobs: any state holding a
      // bad change fails, and so does any state holding both changes of a bad pair.
      const fails =
        world.failing.some((i) => includes.includes(id(i))) ||
        world.failTogether.some(([a, b]) => includes.includes(id(a)) && includes.includes(id(b)));
      return [job(fails ? 'FAILURE' : 'SUCCESS')];
    },
  };
  return ops;
}

const essence = (verdicts: ChangeVerdict[]) =>
  verdicts.map((v) => ({
    id: v.id,
    result: v.result,
    includes: v.includes,
    sha: v.speculativeSha,
    message: v.message,
  }));

const worldArbitrary = fc.integer({ min: 1, max: 8 }).chain((n) =>
  fc.record({
    n: fc.constant(n),
    // Dependencies on earlier changes, in queue order (as resolveQueue lists them), for about a third of them.
    deps: fc
      .array(fc.tuple(fc.boolean(), fc.boolean(), fc.array(fc.nat(), { maxLength: 2 })), {
        minLength: n,
        maxLength: n,
      })
      .map((lists) =>
        lists.map(([some, more, list], i) =>
          i > 0 && some && more ? [...new Set(list.map((d) => d % i))].sort((a, b) => a - b) : [],
        ),
      ),
    conflicts: fc
      .array(fc.tuple(fc.nat({ max: n - 1 }), fc.nat({ max: n - 1 })), { maxLength: 2 })
      .map((pairs) => pairs.filter(([a, b]) => a !== b)),
    failing: fc.array(fc.nat({ max: n - 1 }), { maxLength: 3 }),
    failTogether: fc
      .array(fc.tuple(fc.nat({ max: n - 1 }), fc.nat({ max: n - 1 })), { maxLength: 2 })
      .map((pairs) => pairs.filter(([a, b]) => a !== b)),
  }),
);

describe('gateSpeculatively', () => {
  it("gives exactly the serial model's results and includes, whatever order jobs finish in (property)", async () => {
    await fc.assert(
      fc.asyncProperty(
        worldArbitrary,
        fc.scheduler(),
        fc.integer({ min: 1, max: 9 }),
        async (world, s, window) => {
          const queue = queueOf(world);
          const serial = await gateSerially({ target, base, queue, cycles: [], ops: opsOf(world) });
          const ops = opsOf(world, () => s.schedule(Promise.resolve()));
          const running = gateSpeculatively({ target, base, queue, cycles: [], ops, window });
          const result = await s.waitFor(running);
          expect(essence(result.verdicts)).to.deep.equal(essence(serial));
          // Every decided state's build is in the history, and nothing in it ran on a state no one asked for.
          for (const verdict of result.verdicts) {
            for (const j of verdict.jobs) {
              expect(result.builds).to.deep.include({
                change: verdict.id,
                job: j.name,
                includes: verdict.includes,
                result: j.result,
              });
            }
          }
        },
      ),
      { numRuns: Number(process.env.SPECGATE_RUNS ?? 300) },
    );
  });

  it("batches: gives exactly the serial model's results, includes and states (property)", async () => {
    await fc.assert(
      fc.asyncProperty(worldArbitrary, async (world) => {
        const queue = queueOf(world);
        const serial = await gateSerially({ target, base, queue, cycles: [], ops: opsOf(world) });
        const batched = await gateInBatches({ target, base, queue, cycles: [], ops: opsOf(world) });
        expect(essence(batched.verdicts)).to.deep.equal(essence(serial));
      }),
      { numRuns: Number(process.env.SPECGATE_RUNS ?? 300) },
    );
  });

  it('every strategy hands `decided` the state a verdict was decided on, whose home commit is its speculativeSha', async () => {
    const w: World = { n: 4, deps: [[], [], [1], []], conflicts: [[0, 3]], failing: [1], failTogether: [] };
    for (const strategy of [gateSerially, gateInBatches, gateSpeculatively]) {
      const heard: Array<[string, string | undefined, string | undefined]> = [];
      const ops = {
        ...opsOf(w),
        decided: (v: ChangeVerdict, state?: SpeculativeState) =>
          heard.push([v.id, v.speculativeSha, state && homeCheckout(state).sha]),
      };
      await strategy({ target, base, queue: queueOf(w), cycles: [], ops });
      expect(heard.sort(), strategy.name).to.deep.equal([
        ['c0', 'T+c0', 'T+c0'],
        ['c1', 'T+c0+c1', 'T+c0+c1'],
        ['c2', undefined, undefined],
        ['c3', undefined, undefined],
      ]);
    }
  });

  it('batches: isolates one bad change among 8 in at most 1 + 2·log2(8) rounds', async () => {
    for (let bad = 0; bad < 8; bad += 1) {
      const w = {
        n: 8,
        deps: Array.from({ length: 8 }, () => []),
        conflicts: [],
        failing: [bad],
        failTogether: [],
      };
      const { verdicts, rounds } = await gateInBatches({
        target,
        base,
        queue: queueOf(w),
        cycles: [],
        ops: opsOf(w),
      });
      expect(verdicts.filter((v) => v.result === 'FAILURE').map((v) => v.id)).to.deep.equal([id(bad)]);
      expect(rounds, `bad change ${bad}`).to.be.at.most(7);
    }
    const clean = {
      n: 8,
      deps: Array.from({ length: 8 }, () => []),
      conflicts: [],
      failing: [],
      failTogether: [],
    };
    expect(
      (await gateInBatches({ target, base, queue: queueOf(clean), cycles: [], ops: opsOf(clean) })).rounds,
    ).to.equal(1);
  });

  describe("Zuul's scheduler scenarios (jobs held, then released in a chosen order)", () => {
    /** Holds every test until released by change id, like Zuul's tests hold builds; a cancelled one ends at once. */
    function held(world: World) {
      const waiting = new Map<string, Array<() => void>>();
      const ops = opsOf(
        world,
        ({ change, signal }) =>
          new Promise<void>((resolve) => {
            waiting.set(change, [...(waiting.get(change) ?? []), resolve]);
            signal?.addEventListener('abort', () => {
              waiting.set(
                change,
                waiting.get(change)!.filter((r) => r !== resolve),
              );
              resolve();
            });
          }),
      );
      const release = async (change: string) => {
        for (let i = 0; i < 50 && !waiting.get(change)?.length; i += 1)
          await new Promise((r) => setImmediate(r));
        const next = waiting.get(change)!.shift()!;
        next();
        await new Promise((r) => setImmediate(r));
      };
      const settle = async () => {
        for (let i = 0; i < 20; i += 1) await new Promise((r) => setImmediate(r));
      };
      return { ops, release, settle, waiting };
    }
    const world = (n: number, extra: Partial<World> = {}): World => ({
      n,
      deps: Array.from({ length: n }, () => []),
      conflicts: [],
      failing: [],
      failTogether: [],
      ...extra,
    });
    const history = (builds: Array<{ change: string; includes: string[]; result: string }>) =>
      builds.map((b) => `${b.change}@${b.includes.join('+')}:${b.result}`);

    it('parallel changes: all states start at once and all merge', async () => {
      const h = held(world(3));
      const running = gateSpeculatively({ target, base, queue: queueOf(world(3)), cycles: [], ops: h.ops });
      await h.settle();
      expect([...h.waiting.keys()]).to.deep.equal(['c0', 'c1', 'c2']);
      for (const change of ['c2', 'c1', 'c0']) await h.release(change);
      const result = await running;
      expect(history(result.builds)).to.deep.equal([
        'c2@c0+c1+c2:SUCCESS',
        'c1@c0+c1:SUCCESS',
        'c0@c0:SUCCESS',
      ]);
      expect(result.verdicts.map((v) => v.result)).to.deep.equal(['SUCCESS', 'SUCCESS', 'SUCCESS']);
    });

    it('failed change at the head: the states behind it are reset and rebuilt without it', async () => {
      const w = world(3, { failing: [0] });
      const h = held(w);
      const running = gateSpeculatively({ target, base, queue: queueOf(w), cycles: [], ops: h.ops });
      await h.release('c0'); // fails: the builds of c1 and c2, which contain it, are cancelled
      await h.release('c1');
      await h.release('c2');
      const result = await running;
      expect(history(result.builds)).to.deep.equal([
        'c0@c0:FAILURE',
        'c1@c0+c1:ABORTED',
        'c2@c0+c1+c2:ABORTED',
        'c1@c1:SUCCESS',
        'c2@c1+c2:SUCCESS',
      ]);
      expect(result.verdicts.map((v) => `${v.id}:${v.result}`)).to.deep.equal([
        'c0:FAILURE',
        'c1:SUCCESS',
        'c2:SUCCESS',
      ]);
    });

    it('failed change in the middle: a change behind that failed on a state with it is retested without it', async () => {
      const w = world(3, { failing: [1] });
      const h = held(w);
      const running = gateSpeculatively({ target, base, queue: queueOf(w), cycles: [], ops: h.ops });
      await h.release('c2'); // fails on c0+c1+c2 because of c1: not final while c1 is undecided
      await h.release('c1'); // fails
      await h.release('c0');
      await h.release('c2'); // retested on c0+c2
      const result = await running;
      expect(history(result.builds)).to.deep.equal([
        'c2@c0+c1+c2:FAILURE',
        'c1@c0+c1:FAILURE',
        'c0@c0:SUCCESS',
        'c2@c0+c2:SUCCESS',
      ]);
      expect(result.verdicts.map((v) => v.result)).to.deep.equal(['SUCCESS', 'FAILURE', 'SUCCESS']);
      expect(result.verdicts.map((v) => v.includes.join('+'))).to.deep.equal(['c0', 'c0+c1', 'c0+c2']);
    });

    it('two failing changes at the head: the second is retested without the first before being judged', async () => {
      const w = world(3, { failing: [0, 1] });
      const h = held(w);
      const running = gateSpeculatively({ target, base, queue: queueOf(w), cycles: [], ops: h.ops });
      await h.release('c1'); // fails on c0+c1: not final, c0 may be the culprit
      await h.release('c0'); // fails: c1 and c2 reset
      await h.release('c1'); // fails again on c1 alone: final
      await h.release('c2');
      const result = await running;
      expect(result.verdicts.map((v) => `${v.id}:${v.result}:${v.includes.join('+')}`)).to.deep.equal([
        'c0:FAILURE:c0',
        'c1:FAILURE:c1',
        'c2:SUCCESS:c2',
      ]);
      expect(history(result.builds)).to.include('c2@c0+c1+c2:ABORTED');
    });

    it('merge conflict in the middle: the conflicting change is dropped and the rest merge', async () => {
      const w = world(3, { conflicts: [[0, 1]] });
      const h = held(w);
      const running = gateSpeculatively({ target, base, queue: queueOf(w), cycles: [], ops: h.ops });
      await h.settle();
      expect([...h.waiting.keys()].sort()).to.deep.equal(['c0', 'c2']);
      await h.release('c0');
      await h.release('c2');
      const result = await running;
      expect(result.verdicts.map((v) => `${v.id}:${v.result}:${v.includes.join('+')}`)).to.deep.equal([
        'c0:SUCCESS:c0',
        'c1:MERGE_CONFLICT:c0+c1',
        'c2:SUCCESS:c0+c2',
      ]);
    });

    it('dependent changes are dequeued as soon as what they need fails', async () => {
      const w = world(3, { failing: [0], deps: [[], [0], []] });
      const h = held(w);
      const decided: string[] = [];
      const running = gateSpeculatively({
        target,
        base,
        queue: queueOf(w),
        cycles: [],
        ops: { ...h.ops, decided: (v) => decided.push(`${v.id}:${v.result}`) },
      });
      await h.release('c0');
      await h.settle();
      expect(decided).to.deep.equal(['c0:FAILURE', 'c1:DEPENDENCY_FAILED']);
      await h.release('c2');
      const result = await running;
      expect(result.verdicts[1].message).to.equal('depends on c0, which was rejected (FAILURE)');
      expect(history(result.builds)).to.include('c1@c0+c1:ABORTED');
    });

    it('a failure that appears only when two changes meet is blamed on the later one', async () => {
      const w = world(3, { failTogether: [[0, 2]] });
      const h = held(w);
      const running = gateSpeculatively({ target, base, queue: queueOf(w), cycles: [], ops: h.ops });
      for (const change of ['c0', 'c1', 'c2']) await h.release(change);
      const result = await running;
      expect(result.verdicts.map((v) => `${v.id}:${v.result}`)).to.deep.equal([
        'c0:SUCCESS',
        'c1:SUCCESS',
        'c2:FAILURE',
      ]);
    });

    it('never tests more undecided changes at once than the window', async () => {
      const w = world(4);
      const h = held(w);
      const running = gateSpeculatively({
        target,
        base,
        queue: queueOf(w),
        cycles: [],
        ops: h.ops,
        window: 2,
      });
      await h.settle();
      expect([...h.waiting.keys()]).to.deep.equal(['c0', 'c1']);
      await h.release('c0');
      await h.settle();
      expect([...h.waiting.keys()]).to.deep.equal(['c0', 'c1', 'c2']);
      for (const change of ['c1', 'c2', 'c3']) await h.release(change);
      expect((await running).verdicts.every((v) => v.result === 'SUCCESS')).to.equal(true);
    });
  });
});
