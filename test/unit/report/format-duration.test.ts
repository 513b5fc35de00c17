import { expect } from 'chai';

import { formatDuration } from '../../../src/report/format-duration.js';

describe('formatDuration', () => {
  it('uses tenths of seconds below a minute, then minutes and seconds', () => {
    expect(formatDuration(0)).to.equal('0.0s');
    expect(formatDuration(1234)).to.equal('1.2s');
    expect(formatDuration(59_940)).to.equal('59.9s');
    expect(formatDuration(60_000)).to.equal('1m00s');
    expect(formatDuration(125_400)).to.equal('2m05s');
  });
});
