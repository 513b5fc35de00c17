import { expect } from 'chai';
import { listCaches } from '../../../src/workflows/list-caches.js';
import { cacheDirs } from './cache-dirs.js';
import { cacheNote, tree } from './cache-notes.js';
import { fakeAdapters, fakeNotes, fakeRepository } from './fakes.js';

describe('listCaches (fake notes, caches on disk)', () => {
  it('sizes every cache: results from the notes, the others from .git/specgate', async () => {
    const { gitdir } = cacheDirs();
    const notes = fakeNotes({
      [tree('1')]: cacheNote(['unit', 'k1', 'SUCCESS', '2026-01-01T00:00:00.000Z']),
    });
    const adapters = fakeAdapters({ repository: { ...fakeRepository({ gitdir }), notes: notes.api } });
    const { caches } = await listCaches({ cwd: '/repo', adapters });
    expect(caches.map((c) => [c.kind, c.entries])).to.deep.equal([
      ['results', 1],
      ['workspaces', 2],
      ['merges', 1],
      ['logs', 1],
      ['artifacts', 0],
    ]);
    expect(caches[0].bytes).to.be.above(0);
    expect(caches[0].lastUsed).to.equal('2026-01-01T00:00:00.000Z');
    expect(caches[1].bytes).to.equal(2000);
    expect(caches[1].lastUsed).to.equal('2020-01-03T00:00:00.000Z');
    expect(caches[2].bytes).to.equal(100);
    expect(caches[4]).to.not.have.property('lastUsed');
  });
});
