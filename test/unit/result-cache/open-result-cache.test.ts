import { expect } from 'chai';
import { openResultCache } from '../../../src/result-cache/open-result-cache.js';
import { cacheNote, tree } from '../workflows/cache-notes.js';
import { fakeNotes } from '../workflows/fakes.js';

describe('openResultCache (fake notes)', () => {
  const keys = new Map([['unit', 'k1']]);

  it('answers from the notes of the tree, for the jobs it may answer for', async () => {
    const notes = fakeNotes({
      [tree('1')]: cacheNote(['unit', 'k1', 'SUCCESS', '2026-01-01T00:00:00.000Z']),
    });
    const cache = openResultCache({ notes: notes.api, readStore: true });
    const hits = await cache.lookup(tree('1'), keys, new Set(['unit']));
    expect(hits.get('unit')).to.include({ result: 'SUCCESS', at: '2026-01-01T00:00:00.000Z' });
    expect((await cache.lookup(tree('1'), keys, new Set())).size).to.equal(0);
  });

  it('--no-cache: the notes are never read, and what runs is still kept there on flush', async () => {
    const notes = fakeNotes({
      [tree('1')]: cacheNote(['unit', 'k1', 'SUCCESS', '2026-01-01T00:00:00.000Z']),
    });
    const cache = openResultCache({ notes: notes.api, readStore: false });
    expect((await cache.lookup(tree('1'), keys, new Set(['unit']))).size).to.equal(0);
    expect(notes.reads()).to.equal(0);
    const outcome = {
      name: 'unit',
      result: 'FAILURE' as const,
      voting: true,
      attempts: 1,
      cached: false,
      durationMs: 3,
    };
    cache.record({ tree: tree('2'), key: 'k1', outcome, cacheable: true });
    expect(await cache.flush()).to.equal(1);
    expect(notes.notes.get(tree('2'))).to.match(/"job":"unit","key":"k1","result":"FAILURE"/);
  });
});
