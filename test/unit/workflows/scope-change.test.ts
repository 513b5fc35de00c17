import { expect } from 'chai';
import { scopeChange } from '../../../src/workflows/scope-change.js';
import { fakeConfig, fakeRepository } from './fakes.js';

describe('scopeChange (fake repository)', () => {
  it("the files from the change's merge base with the target to its tip, not the target's own", async () => {
    const repository = fakeRepository();
    const base = repository.commit('main', 'base', { files: ['base.txt'] });
    repository.commit('feature', 'f', { parents: [base], files: ['src/f.ts'] });
    const target = repository.commit('main', 'main moves on', { files: ['main-only.txt'] });
    const change = {
      id: 'feature',
      sha: repository.resolveRefName('feature')!,
      dependsOn: [],
      pulledIn: false,
    };
    const scope = await scopeChange({ repository, config: fakeConfig(), targetSha: target, change });
    expect(scope.files).to.deep.equal(['src/f.ts']);
    expect([...(scope.configChangedJobs as Set<string>)]).to.deep.equal([]);
  });

  it('asks for configuration changes with the config file relative to the repository root, when it is inside it', async () => {
    const repository = fakeRepository({ dir: '/repo' });
    const base = repository.commit('main', 'base');
    const tip = repository.commit('feature', 'f', { parents: [base] });
    // The file in each tree, as the git layer reads it: `unit` moves from a 1-second to a 2-second timeout.
    const asked: Array<[string, string]> = [];
    const text = (timeout: number) =>
      Buffer.from(`jobs:\n  unit:\n    run: npm test\n    timeout: ${timeout}\n`);
    const blobs: Record<string, { oid: string; content: Buffer }> = {
      [base]: { oid: 'b'.repeat(40), content: text(1) },
      [tip]: { oid: 't'.repeat(40), content: text(2) },
    };
    const spy = {
      ...repository,
      readBlobAt: async (oid: string, file: string) => (asked.push([oid, file]), blobs[oid]),
    };
    const change = { id: 'feature', sha: tip, dependsOn: [], pulledIn: false };
    const inside = await scopeChange({
      repository: spy,
      config: fakeConfig({ filepath: '/repo/ci/.specgaterc.yml' }),
      targetSha: base,
      change,
    });
    expect(asked).to.deep.equal([
      [base, 'ci/.specgaterc.yml'],
      [tip, 'ci/.specgaterc.yml'],
    ]);
    expect([...(inside.configChangedJobs as Set<string>)]).to.deep.equal(['unit']);
    await scopeChange({
      repository: spy,
      config: fakeConfig({ filepath: '/elsewhere/.specgaterc.yml' }),
      targetSha: base,
      change,
    });
    expect(asked).to.have.length(2);
  });

  it("a bundle's scope is the union of its members'", async () => {
    const repository = fakeRepository();
    const base = repository.commit('main', 'base');
    const x = repository.commit('x', 'x', { parents: [base], files: ['x.txt'] });
    const y = repository.commit('y', 'y', { parents: [base], files: ['y.txt'] });
    const member = (id: string, sha: string) => ({ id, sha, dependsOn: [], pulledIn: false });
    const bundle = { ...member('x', x), members: [member('x', x), member('y', y)] };
    const scope = await scopeChange({ repository, config: fakeConfig(), targetSha: base, change: bundle });
    expect(scope.files).to.deep.equal(['x.txt', 'y.txt']);
  });
});
