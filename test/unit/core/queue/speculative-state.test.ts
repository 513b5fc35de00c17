import { expect } from 'chai';
import {
  checkoutOf,
  homeCheckout,
  stateKey,
  targetState,
  withCheckout,
  type SpeculativeState,
} from '../../../../src/core/queue/speculative-state.js';

/** The home project `app` with a tree and a directory, and the project `lib`. */
const state: SpeculativeState = {
  checkouts: [
    { project: 'app', sha: 'a1', tree: 't1', dir: '/states/1' },
    { project: 'lib', sha: 'l1' },
  ],
};

describe('speculative states', () => {
  it('targetState: the home project alone at the given commit', () => {
    expect(targetState('app', 'a0')).to.deep.equal({ checkouts: [{ project: 'app', sha: 'a0' }] });
    expect(homeCheckout(targetState('app', 'a0'))).to.deep.equal({ project: 'app', sha: 'a0' });
  });

  it('homeCheckout: the first checkout; a state without one is a bug, said so', () => {
    expect(homeCheckout(state)).to.equal(state.checkouts[0]);
    expect(() => homeCheckout({ checkouts: [] })).to.throw('a state without a project');
  });

  it('checkoutOf: a named project, or the home one for a change that names none', () => {
    expect(checkoutOf(state, 'lib')).to.equal(state.checkouts[1]);
    expect(checkoutOf(state, 'app')).to.equal(state.checkouts[0]);
    expect(checkoutOf(state)).to.equal(state.checkouts[0]);
    expect(() => checkoutOf(state, 'docs')).to.throw('no project docs in the state');
  });

  it("withCheckout: replaces one project's checkout, keeps the others and their order, changes nothing in place", () => {
    const before = structuredClone(state);
    const after = withCheckout(state, { project: 'lib', sha: 'l2' });
    expect(after).to.deep.equal({
      checkouts: [state.checkouts[0], { project: 'lib', sha: 'l2' }],
    });
    expect(after.checkouts[0]).to.equal(state.checkouts[0]);
    expect(state).to.deep.equal(before);
    expect(withCheckout(state, { project: 'app', sha: 'a2' }).checkouts.map((c) => c.sha)).to.deep.equal([
      'a2',
      'l1',
    ]);
    expect(() => withCheckout(state, { project: 'docs', sha: 'd1' })).to.throw('no project docs');
  });

  it('stateKey: equal for the same commits of every project, whatever else is known or the order listed', () => {
    const bare: SpeculativeState = {
      checkouts: [
        { project: 'app', sha: 'a1' },
        { project: 'lib', sha: 'l1' },
      ],
    };
    expect(stateKey(state)).to.equal(stateKey(bare));
    expect(stateKey(state)).to.equal(stateKey({ checkouts: [...bare.checkouts].reverse() }));
    expect(stateKey(state)).to.not.equal(stateKey(withCheckout(state, { project: 'lib', sha: 'l2' })));
    // Another project at the same commit is another state.
    expect(stateKey(targetState('app', 'x'))).to.not.equal(stateKey(targetState('lib', 'x')));
    // Names that would run together in a naive join stay apart.
    expect(stateKey(targetState('a b', 'c'))).to.not.equal(stateKey(targetState('a', 'b c')));
  });
});
