import { expect } from 'chai';

import { createColors } from '../../../src/report/colors.js';

const terminal = (depth = 8) => ({ ...process.stdout, isTTY: true, getColorDepth: () => depth }) as never;
const pipe = { isTTY: false } as never;

describe('createColors', () => {
  it('colours a terminal at the depth it reports', () => {
    expect(createColors(terminal(24), {}).level).to.equal(3);
    expect(createColors(terminal(8), {}).level).to.equal(2);
    expect(createColors(terminal(4), {}).level).to.equal(1);
    expect(createColors(terminal(1), {}).level).to.equal(0);
  });

  it('does not colour a pipe, nor a dumb terminal', () => {
    expect(createColors(pipe, {}).level).to.equal(0);
    expect(createColors(terminal(), { TERM: 'dumb' }).level).to.equal(0);
  });

  it('turns colour off with a non-empty NO_COLOR, even on a terminal', () => {
    expect(createColors(terminal(), { NO_COLOR: '1' }).level).to.equal(0);
    expect(createColors(terminal(), { NO_COLOR: '' }).level).to.equal(2);
  });

  it('reads NO_COLOR from the process environment by default', () => {
    const saved = { NO_COLOR: process.env.NO_COLOR, FORCE_COLOR: process.env.FORCE_COLOR };
    process.env.NO_COLOR = '1';
    delete process.env.FORCE_COLOR;
    try {
      const colors = createColors(terminal());
      expect(colors.level).to.equal(0);
      expect(colors.red('x')).to.equal('x');
    } finally {
      for (const [key, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
    }
  });

  it('lets FORCE_COLOR colour a pipe, or turn colour off', () => {
    expect(createColors(pipe, { FORCE_COLOR: '1' }).level).to.equal(1);
    expect(createColors(pipe, { FORCE_COLOR: '' }).level).to.equal(1);
    expect(createColors(pipe, { FORCE_COLOR: '3' }).level).to.equal(3);
    expect(createColors(terminal(), { FORCE_COLOR: '0' }).level).to.equal(0);
    expect(createColors(terminal(), { FORCE_COLOR: 'false' }).level).to.equal(0);
  });
});
