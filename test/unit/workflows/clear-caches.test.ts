import { expect } from 'chai';
import fs from 'node:fs';
import { clearCaches } from '../../../src/workflows/clear-caches.js';
import { cacheDirs } from './cache-dirs.js';
import { cacheNote, tree } from './cache-notes.js';
import { fakeAdapters, fakeNotes, fakeRepository } from './fakes.js';

function setUp() {
  const dirs = cacheDirs();
  const notes = fakeNotes({ [tree('1')]: cacheNote(['unit', 'k1', 'SUCCESS', '2026-01-01T00:00:00.000Z']) });
  const adapters = fakeAdapters({
    repository: { ...fakeRepository({ gitdir: dirs.gitdir }), notes: notes.api },
  });
  return { ...dirs, adapters };
}

describe('clearCaches (fake notes, caches on disk)', () => {
  it('results only: the file caches stay', async () => {
    const { adapters, old, log } = setUp();
    const cleared = await clearCaches({ cwd: '/repo', revisions: [], kinds: ['results'], adapters });
    expect(cleared).to.deep.equal({ results: 1, trees: 1 });
    expect(fs.existsSync(old) && fs.existsSync(log)).to.equal(true);
  });

  it('workspaces and logs: every entry of those, results and merges stay', async () => {
    const { adapters, old, recent, log, merges } = setUp();
    const cleared = await clearCaches({
      cwd: '/repo',
      revisions: [],
      kinds: ['workspaces', 'logs'],
      adapters,
    });
    expect(cleared).to.not.have.property('results');
    expect(cleared.files?.removed.map((e) => e.path).sort()).to.deep.equal([old, recent, log].sort());
    expect(fs.existsSync(merges)).to.equal(true);
  });

  it('refuses revisions with a file cache, removing nothing', async () => {
    const { adapters, old } = setUp();
    await clearCaches({ cwd: '/repo', revisions: ['a'], kinds: ['logs'], adapters }).then(
      () => expect.fail('resolved'),
      (error: { code?: string }) => expect(error.code).to.equal('BAD_USAGE'),
    );
    expect(fs.existsSync(old)).to.equal(true);
  });
});
