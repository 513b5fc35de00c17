import { expect } from 'chai';

import { isInteractive } from '../../../src/report/is-interactive.js';

const tty = { isTTY: true } as never;

describe('isInteractive', () => {
  it('is true for a terminal outside CI', () => {
    expect(isInteractive(tty, { TERM: 'xterm-256color' })).to.equal(true);
    expect(isInteractive(tty, {})).to.equal(true);
  });

  it('is false for a pipe or a file', () => {
    expect(isInteractive({ isTTY: false } as never, {})).to.equal(false);
    expect(isInteractive({} as never, {})).to.equal(false);
  });

  it('is false in CI, unless CI is empty, "false" or "0"', () => {
    expect(isInteractive(tty, { CI: 'true' })).to.equal(false);
    expect(isInteractive(tty, { CI: '1' })).to.equal(false);
    expect(isInteractive(tty, { CI: 'woodpecker' })).to.equal(false);
    expect(isInteractive(tty, { CI: 'false' })).to.equal(true);
    expect(isInteractive(tty, { CI: '0' })).to.equal(true);
    expect(isInteractive(tty, { CI: '' })).to.equal(true);
  });

  it('is false on a dumb terminal', () => {
    expect(isInteractive(tty, { TERM: 'dumb' })).to.equal(false);
  });
});
