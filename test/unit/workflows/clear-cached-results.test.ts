import { expect } from 'chai';
import { clearCachedResults } from '../../../src/workflows/clear-cached-results.js';
import { cacheNote, tree } from './cache-notes.js';
import { fakeAdapters, fakeNotes, fakeRepository } from './fakes.js';

function setUp() {
  const repository = fakeRepository();
  repository.commit('a', 'a');
  const notes = fakeNotes({
    [tree('1')]: cacheNote(
      ['unit', 'k1', 'SUCCESS', '2026-01-01T00:00:00.000Z'],
      ['lint', 'k2', 'FAILURE', '2026-01-03T00:00:00.000Z'],
    ),
    [tree('2')]: cacheNote(['unit', 'k3', 'SUCCESS', '2026-01-02T00:00:00.000Z']),
  });
  const readCommit = repository.readCommit;
  const adapters = fakeAdapters({
    repository: {
      ...repository,
      notes: notes.api,
      readCommit: async (oid) => ({ ...(await readCommit(oid)), tree: tree('1') }),
    },
  });
  return { adapters, notes };
}

describe('clearCachedResults (fake notes)', () => {
  it('with revisions: removes the notes of their trees only, counting results and trees; the reflog stays', async () => {
    const { adapters, notes } = setUp();
    expect(await clearCachedResults({ cwd: '/repo', revisions: ['a'], adapters })).to.deep.equal({
      results: 2,
      trees: 1,
    });
    expect([...notes.notes.keys()]).to.deep.equal([tree('2')]);
    expect(notes.updates).to.deep.equal([
      { ref: 'refs/notes/specgate', message: "Notes removed by 'specgate cache clear'", replace: false },
    ]);
    expect(notes.removedReflogs).to.deep.equal([]);
  });

  it('without: every note, the ref started again without history, and its reflog removed', async () => {
    const { adapters, notes } = setUp();
    expect(await clearCachedResults({ cwd: '/repo', revisions: [], adapters })).to.deep.equal({
      results: 3,
      trees: 2,
    });
    expect(notes.notes.size).to.equal(0);
    expect(notes.updates).to.deep.equal([
      { ref: 'refs/notes/specgate', message: "Notes cleared by 'specgate cache clear'", replace: true },
    ]);
    expect(notes.removedReflogs).to.deep.equal(['refs/notes/specgate']);
  });
});
