import { expect } from 'chai';
import { targetStateOf } from '../../../src/workflows/target-state-of.js';

describe('targetStateOf', () => {
  it("is the home project alone, at the target's commit, nothing read or checked out yet", () => {
    const repository = { dir: '/src/app', gitdir: '/src/app/.git' };
    expect(targetStateOf(repository, { sha: 'a'.repeat(40) })).to.deep.equal({
      checkouts: [{ project: 'app', sha: 'a'.repeat(40) }],
    });
  });
});
