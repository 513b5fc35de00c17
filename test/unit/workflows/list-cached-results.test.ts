import { expect } from 'chai';
import { listCachedResults } from '../../../src/workflows/list-cached-results.js';
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
      // `a` is a commit whose tree is tree('2').
      readCommit: async (oid) => ({ ...(await readCommit(oid)), tree: tree('2') }),
    },
  });
  return { adapters };
}

describe('listCachedResults (fake notes)', () => {
  it('every result, newest first, without log tails', async () => {
    const { adapters } = setUp();
    const results = await listCachedResults({ cwd: '/repo', revisions: [], adapters });
    expect(
      results.map(({ tree: on, job, result, at }) => [on[0], job, result, at.slice(0, 10)]),
    ).to.deep.equal([
      ['1', 'lint', 'FAILURE', '2026-01-03'],
      ['2', 'unit', 'SUCCESS', '2026-01-02'],
      ['1', 'unit', 'SUCCESS', '2026-01-01'],
    ]);
    expect(results[0]).to.not.have.property('logTail');
  });

  it('with revisions: only the results on their trees', async () => {
    const { adapters } = setUp();
    const results = await listCachedResults({ cwd: '/repo', revisions: ['a'], adapters });
    expect(results.map(({ job, key }) => [job, key])).to.deep.equal([['unit', 'k3']]);
  });
});
