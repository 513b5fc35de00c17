import { expect } from 'chai';
import { parseDependsOn } from '../../../../src/core/changes/parse-depends-on.js';

describe('parseDependsOn', () => {
  it('reads every Depends-On footer, case-insensitively, in order, once each', () => {
    const message =
      'Fix the parser\n\nLonger text mentioning depends-on: inline is not a footer.\n\nDepends-On: feature-a\ndepends-on:   abc1234  \nDEPENDS-ON: feature-a\n';
    expect(parseDependsOn(message)).to.deep.equal(['feature-a', 'abc1234']);
  });

  it('returns nothing for a message without footers', () => {
    expect(parseDependsOn('Just a change\n\nSigned-off-by: A <a@example.com>\n')).to.deep.equal([]);
  });

  it('gives the whole rest of the line, so that a value of two words or shell syntax is seen, not dropped', () => {
    expect(parseDependsOn('X\n\nDepends-On: a b\nDepends-On: $(touch x)\nDepends-On:\n')).to.deep.equal([
      'a b',
      '$(touch x)',
      '',
    ]);
  });
});
