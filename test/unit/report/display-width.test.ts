import { expect } from 'chai';

import { displayWidth } from '../../../src/report/display-width.js';

describe('displayWidth', () => {
  it('counts terminal columns: escapes none, combining marks none, wide characters two', () => {
    expect(displayWidth('feature-a')).to.equal(9);
    expect(displayWidth('\u001b[31mFAILURE\u001b[39m')).to.equal(7);
    expect(displayWidth('\u001b]8;;https://x\u0007link\u001b]8;;\u0007')).to.equal(4);
    expect(displayWidth('café')).to.equal(4);
    expect(displayWidth('cafe\u0301')).to.equal(4);
    expect(displayWidth('機能-a')).to.equal(6);
    expect(displayWidth('🚀')).to.equal(2);
  });
});
