import { expect } from 'chai';
import fs from 'node:fs';
import { pruneCaches } from '../../../src/workflows/prune-caches.js';
import { cacheDirs } from './cache-dirs.js';
import { fakeAdapters, fakeRepository } from './fakes.js';

describe('pruneCaches (caches on disk)', () => {
  it('removes the least recently used first, down to the bound, and keeps the newest', async () => {
    const { gitdir, old, recent, log, merges } = cacheDirs();
    const adapters = fakeAdapters({ repository: fakeRepository({ gitdir }) });
    const pruned = await pruneCaches({ cwd: '/repo', maxBytes: 1200, adapters });
    expect(pruned.removed.map((e) => e.path)).to.deep.equal([old]);
    expect(pruned.freedBytes).to.equal(1000);
    expect(pruned.leftBytes).to.equal(1110);
    expect(fs.existsSync(old)).to.equal(false);
    for (const kept of [recent, log, merges]) expect(fs.existsSync(kept), kept).to.equal(true);
  });

  it('removes what is older than olderThanMs, and never what is protected', async () => {
    const { gitdir, old, recent } = cacheDirs();
    const adapters = fakeAdapters({ repository: fakeRepository({ gitdir }) });
    const pruned = await pruneCaches({
      cwd: '/repo',
      olderThanMs: 24 * 3_600_000,
      now: new Date('2020-01-03T12:00:00Z'),
      protect: [old],
      kinds: ['workspaces'],
      adapters,
    });
    expect(pruned.removed).to.deep.equal([]);
    expect(fs.existsSync(old) && fs.existsSync(recent)).to.equal(true);
  });
});
