import { expect } from 'chai';
import type { SpecgateConfig } from '../../../src/config/types.js';
import { openRun } from '../../../src/workflows/open-run.js';
import { fakeAdapters, fakeConfig, fakeRepository } from './fakes.js';

function setUp(config: SpecgateConfig, options: { dir?: string } = {}) {
  const repository = fakeRepository({ dir: options.dir });
  const base = repository.commit('main', 'base');
  repository.commit('develop', 'develop', { parents: [base] });
  repository.commit('a', 'a', { parents: [base] });
  const reads: unknown[] = [];
  const adapters = fakeAdapters({
    repository,
    config: { read: async (args) => (reads.push(args), config), loadFile: async () => undefined },
  });
  return { adapters, reads, base };
}

describe('openRun (fakes)', () => {
  it('reads the configuration from cwd up to the repository root, and resolves the queue onto main by default', async () => {
    const { adapters, reads, base } = setUp(fakeConfig(), { dir: '/repo' });
    const opened = await openRun({ cwd: '/repo/sub', configFile: 'ci.yml', changes: ['a'], adapters });
    expect(reads).to.deep.equal([{ cwd: '/repo/sub', repoRoot: '/repo', file: 'ci.yml' }]);
    expect(opened.queue.target).to.deep.equal({ ref: 'main', sha: base });
    expect(opened.queue.queue.map((change) => change.id)).to.deep.equal(['a']);
  });

  it("the target: --target, else the configuration's", async () => {
    const { adapters } = setUp(fakeConfig({ target: 'develop' }));
    expect((await openRun({ cwd: '/repo', changes: ['a'], adapters })).queue.target.ref).to.equal('develop');
    expect(
      (await openRun({ cwd: '/repo', target: 'main', changes: ['a'], adapters })).queue.target.ref,
    ).to.equal('main');
  });
});
