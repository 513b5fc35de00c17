import { expect } from 'chai';
import fc from 'fast-check';
import { formatSize } from '../../../../src/core/cache/format-size.js';
import { parseDuration } from '../../../../src/core/cache/parse-duration.js';
import { parseSize } from '../../../../src/core/cache/parse-size.js';

describe('parseSize', () => {
  it('reads SI and IEC units, any case, with or without a space', () => {
    expect(parseSize('2GB')).to.equal(2e9);
    expect(parseSize('500 MB')).to.equal(5e8);
    expect(parseSize('1.5GiB')).to.equal(1.5 * 2 ** 30);
    expect(parseSize('10k')).to.equal(10_000);
    expect(parseSize('4096')).to.equal(4096);
    expect(parseSize('0')).to.equal(0);
    expect(parseSize('3 kib')).to.equal(3072);
  });

  it('refuses what is not a size', () => {
    for (const bad of ['', 'GB', '-1GB', '2 GBs', '2XB', '1e3', 'two', '2 G B'])
      expect(parseSize(bad), bad).to.equal(undefined);
  });

  it('reads back what formatSize prints, to within its rounding', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 45 }), (bytes) => {
        const back = parseSize(formatSize(bytes));
        expect(back).to.be.a('number');
        expect(Math.abs(back! - bytes)).to.be.at.most(Math.max(0.05 * bytes, 1));
      }),
    );
  });
});

describe('formatSize', () => {
  it('prints bytes in SI units, one decimal below 100', () => {
    expect(formatSize(0)).to.equal('0 B');
    expect(formatSize(812)).to.equal('812 B');
    expect(formatSize(4_200_000)).to.equal('4.2 MB');
    expect(formatSize(404_000_000)).to.equal('404 MB');
    expect(formatSize(2e9)).to.equal('2 GB');
  });
});

describe('parseDuration', () => {
  it('reads s, m, h, d, w and combinations', () => {
    expect(parseDuration('90s')).to.equal(90_000);
    expect(parseDuration('45m')).to.equal(45 * 60_000);
    expect(parseDuration('1d12h')).to.equal(36 * 3_600_000);
    expect(parseDuration('2w')).to.equal(14 * 86_400_000);
  });

  it('refuses a bare number or an unknown unit', () => {
    for (const bad of ['', '30', '3y', 'd', '-1d', '1 d'])
      expect(parseDuration(bad), bad).to.equal(undefined);
  });
});
