import { expect } from 'chai';
import { verdictState } from '../../../../src/core/queue/verdict-state.js';

describe('verdictState', () => {
  it('the state a verdict names: the home project at its speculativeSha', () => {
    expect(verdictState({ speculativeSha: 'a'.repeat(40) }, 'app')).to.deep.equal({
      checkouts: [{ project: 'app', sha: 'a'.repeat(40) }],
    });
  });

  it('none for a verdict decided without a state (a cycle, a rejected dependency)', () => {
    expect(verdictState({}, 'app')).to.equal(undefined);
  });
});
