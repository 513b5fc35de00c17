import { expect } from 'chai';
import type { PlannedChange } from '../../../src/core/queue/pipeline-types.js';
import { targetState, type SpeculativeState } from '../../../src/core/queue/speculative-state.js';
import type { RememberedMerge } from '../../../src/merge-memo/open-merge-memo.js';
import { createMergeOp } from '../../../src/workflows/create-merge-op.js';
import { fakeRepository } from './fakes.js';

function setUp() {
  const repository = fakeRepository();
  const base = repository.commit('main', 'base');
  const a = repository.commit('a', 'a', { parents: [base] });
  const b = repository.commit('b', 'b', { parents: [a] });
  const queue: PlannedChange[] = [
    { id: 'a', sha: a, dependsOn: [], pulledIn: false },
    { id: 'b', sha: b, dependsOn: ['a'], pulledIn: false },
  ];
  return { repository, base, a, b, queue, target: { ref: 'main', sha: base } };
}

/** The home project (the only one of these states) at commit `sha`. */
const at = (sha: string): SpeculativeState => targetState('repo', sha);

describe('createMergeOp (fake repository)', () => {
  it('merge mode: a --no-ff merge named after the change and the target', async () => {
    const { repository, base, queue, target } = setUp();
    const messages: string[] = [];
    const spy = {
      ...repository,
      mergeOntoState: async (args: { state: string; change: string; message: string }) => (
        messages.push(args.message),
        repository.mergeOntoState(args)
      ),
    };
    const merge = createMergeOp({ repository: spy, target, queue, mode: 'merge' });
    const merged = await merge(at(base), queue[0]);
    expect(merged.clean).to.equal(true);
    expect(messages).to.deep.equal(['specgate: merge a into main\n']);
  });

  it('a change the state already contains leaves the state as it is, merging nothing', async () => {
    const { repository, a, queue, target } = setUp();
    const merge = createMergeOp({ repository, target, queue, mode: 'merge' });
    expect(await merge(at(a), queue[0])).to.deep.equal({ clean: true, state: at(a) });
    expect(repository.calls.filter((call) => call.startsWith('merge '))).to.deep.equal([]);
  });

  it("cherry-pick and squash-merge replay from the target, given the dependencies' commits", async () => {
    const { repository, base, a, queue, target } = setUp();
    const asked: unknown[] = [];
    const spy = {
      ...repository,
      cherryPickOntoState: async (args: unknown) => (
        asked.push(['pick', args]),
        { clean: true as const, oid: 'p'.repeat(40) }
      ),
      squashOntoState: async (args: unknown) => (
        asked.push(['squash', args]),
        { clean: true as const, oid: 's'.repeat(40) }
      ),
    };
    expect(
      await createMergeOp({ repository: spy, target, queue, mode: 'cherry-pick' })(at(base), queue[1]),
    ).to.deep.equal({ clean: true, state: at('p'.repeat(40)) });
    expect(
      await createMergeOp({ repository: spy, target, queue, mode: 'squash-merge' })(at(base), queue[1]),
    ).to.deep.equal({ clean: true, state: at('s'.repeat(40)) });
    expect(asked).to.deep.equal([
      ['pick', { state: base, change: queue[1].sha, target: base, dependencies: [a] }],
      ['squash', { state: base, change: queue[1].sha, changeId: 'b', target: base, dependencies: [a] }],
    ]);
  });

  it('a conflict names at most three paths and counts the rest', async () => {
    const { repository, base, queue, target } = setUp();
    const conflicts = ['a', 'b', 'c', 'd', 'e'].map((path) => ({ path, reason: 'content' }));
    const spy = { ...repository, mergeOntoState: async () => ({ clean: false as const, conflicts }) };
    expect(
      await createMergeOp({ repository: spy, target, queue, mode: 'merge' })(at(base), queue[0]),
    ).to.deep.equal({
      clean: false,
      message: 'conflict in a (content), b (content), c (content) and 2 more',
    });
  });

  it('a remembered merge is not done again while its commit is there; a pruned one is redone', async () => {
    const { repository, base, queue, target } = setUp();
    const memory = new Map<string, RememberedMerge>();
    const memo = {
      get: (inputs: unknown) => memory.get(JSON.stringify(inputs)),
      set: (inputs: unknown, result: RememberedMerge) => void memory.set(JSON.stringify(inputs), result),
    };
    const first = await createMergeOp({ repository, target, queue, mode: 'merge', memo })(at(base), queue[0]);
    const merges = () => repository.calls.filter((call) => call.startsWith('merge ')).length;
    expect(merges()).to.equal(1);
    expect(
      await createMergeOp({ repository, target, queue, mode: 'merge', memo })(at(base), queue[0]),
    ).to.deep.equal(first);
    expect(merges()).to.equal(1);
    const pruned = { ...repository, hasCommitAndTree: async () => false };
    await createMergeOp({ repository: pruned, target, queue, mode: 'merge', memo })(at(base), queue[0]);
    expect(merges()).to.equal(2);
  });

  it("a bundle merges its members in order; a member's conflict is named by it", async () => {
    const { repository, base, queue, target } = setUp();
    const bundle: PlannedChange = { ...queue[0], members: queue };
    const spy = {
      ...repository,
      mergeOntoState: async (args: { state: string; change: string; message: string }) =>
        args.change === queue[1].sha
          ? { clean: false as const, conflicts: [{ path: 'x', reason: 'content' }] }
          : repository.mergeOntoState(args),
    };
    expect(
      await createMergeOp({ repository: spy, target, queue, mode: 'merge' })(at(base), bundle),
    ).to.deep.equal({ clean: false, message: 'b: conflict in x (content)' });
  });

  it("merges a change into its own project's checkout, leaving the other projects' as they are", async () => {
    const { repository, base, a, queue, target } = setUp();
    const state: SpeculativeState = {
      checkouts: [
        { project: 'repo', sha: a, tree: 'home-tree', dir: '/states/1' },
        { project: 'lib', sha: base },
      ],
    };
    const merge = createMergeOp({ repository, target, queue, mode: 'merge' });
    const merged = await merge(state, { ...queue[0], project: 'lib' });
    expect(merged.clean).to.equal(true);
    const [home, lib] = (merged as { state: SpeculativeState }).state.checkouts;
    expect(home).to.deep.equal(state.checkouts[0]);
    expect(lib.project).to.equal('lib');
    expect(lib.sha).to.not.equal(base);
    // A change already in the checkout leaves it, and what is known of it, as it was.
    expect(await merge(state, { ...queue[0], project: 'repo' })).to.deep.equal({ clean: true, state });
  });
});
