import { expect } from 'chai';
import fc from 'fast-check';
import { selectEvictions, type CacheEntryUse } from '../../../../src/core/cache/select-evictions.js';

const entry = (id: string, bytes: number, lastUsedMs: number, inUse = false): CacheEntryUse => ({
  id,
  bytes,
  lastUsedMs,
  inUse,
});

describe('selectEvictions', () => {
  it('removes the least recently used first until the bound holds, keeping the newest', () => {
    const entries = [entry('new', 100, 3), entry('old', 100, 1), entry('mid', 100, 2)];
    const ids = selectEvictions({ entries, maxBytes: 150, nowMs: 10 }).map((e) => e.id);
    expect(ids).to.deep.equal(['old', 'mid']);
  });

  it('never selects an entry in use, though its bytes count', () => {
    const entries = [entry('used', 100, 1, true), entry('a', 100, 2), entry('b', 100, 3)];
    const ids = selectEvictions({ entries, maxBytes: 150, nowMs: 10 }).map((e) => e.id);
    expect(ids).to.deep.equal(['a', 'b']);
  });

  it('removes every entry not used within olderThanMs, and nothing without a bound', () => {
    const entries = [entry('a', 1, 1), entry('b', 1, 5), entry('c', 1, 9)];
    expect(selectEvictions({ entries, olderThanMs: 4, nowMs: 10 }).map((e) => e.id)).to.deep.equal([
      'a',
      'b',
    ]);
    expect(selectEvictions({ entries, nowMs: 10 })).to.deep.equal([]);
  });

  it('leaves at most maxBytes besides what is in use, and removes nothing newer than what it keeps', () => {
    const arbitraryEntry = fc.record({
      bytes: fc.nat(1000),
      lastUsedMs: fc.nat(100),
      inUse: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(arbitraryEntry, { maxLength: 20 }), fc.nat(5000), (raw, maxBytes) => {
        const entries = raw.map((e, i) => ({ ...e, id: `e${i}` }));
        const removed = new Set(selectEvictions({ entries, maxBytes, nowMs: 100 }).map((e) => e.id));
        const kept = entries.filter((e) => !removed.has(e.id));
        for (const e of entries) if (e.inUse) expect(removed.has(e.id)).to.equal(false);
        const keptFree = kept.filter((e) => !e.inUse);
        const total = kept.reduce((sum, e) => sum + e.bytes, 0);
        if (keptFree.length > 0) expect(total).to.be.at.most(maxBytes);
        const newestRemoved = Math.max(...entries.filter((e) => removed.has(e.id)).map((e) => e.lastUsedMs));
        for (const e of keptFree) expect(e.lastUsedMs).to.be.at.least(newestRemoved);
      }),
    );
  });
});
