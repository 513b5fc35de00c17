import { expect } from 'chai';
import { plan } from '../../../src/workflows/plan.js';
import { fakeAdapters, fakeConfig, fakeRepository } from './fakes.js';

describe('plan (fakes)', () => {
  it('resolves the queue and plans its states in the configured merge mode, writing merges but running nothing', async () => {
    const repository = fakeRepository();
    const base = repository.commit('main', 'base');
    repository.commit('a', 'a', { parents: [base] });
    const picked: unknown[] = [];
    const spy = {
      ...repository,
      cherryPickOntoState: async (args: unknown) => (
        picked.push(args),
        { clean: true as const, oid: 'p'.repeat(40) }
      ),
    };
    const adapters = fakeAdapters({ repository: spy, config: fakeConfig({ mergeMode: 'cherry-pick' }) });
    const result = await plan({ cwd: '/repo', changes: ['a'], mode: 'gate', adapters });
    expect(result).to.include({ mode: 'plan', verdict: 'SUCCESS' });
    expect(result.changes.map(({ id, speculativeSha }) => ({ id, speculativeSha }))).to.deep.equal([
      { id: 'a', speculativeSha: 'p'.repeat(40) },
    ]);
    expect(picked).to.have.length(1);
  });
});
