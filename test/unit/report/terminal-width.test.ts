import { expect } from 'chai';

import { terminalWidth } from '../../../src/report/terminal-width.js';

describe('terminalWidth', () => {
  it('takes COLUMNS when it is a whole number above 0', () => {
    expect(terminalWidth({ env: { COLUMNS: '132' }, stream: { isTTY: true, columns: 100 } })).to.equal(132);
  });

  it('takes the terminal when COLUMNS is unset, empty, 0 or not a number', () => {
    for (const COLUMNS of [undefined, '', '0', 'wide', '-5', '12.5']) {
      expect(
        terminalWidth({ env: { COLUMNS }, stream: { isTTY: true, columns: 100 } }),
        String(COLUMNS),
      ).to.equal(100);
    }
  });

  it('gives 80 for a terminal reporting 0 columns, a pipe, or no stream', () => {
    expect(terminalWidth({ env: {}, stream: { isTTY: true, columns: 0 } })).to.equal(80);
    expect(terminalWidth({ env: {}, stream: { isTTY: false, columns: 120 } })).to.equal(80);
    expect(terminalWidth({ env: {}, stream: {} })).to.equal(80);
    expect(terminalWidth({ env: {} })).to.equal(80);
  });
});
