import { expect } from 'chai';
import { resolveTrees } from '../../../src/workflows/resolve-trees.js';
import { fakeRepository } from './fakes.js';

describe('resolveTrees (fake repository)', () => {
  it("maps each revision's tree to the first revision naming it", async () => {
    const repository = fakeRepository();
    const a = repository.commit('a', 'a');
    repository.setRef('refs/tags/same', a);
    const b = repository.commit('b', 'b');
    const trees = await resolveTrees(repository, ['a', 'same', 'b']);
    const treeOf = async (oid: string) => (await repository.readCommit(oid)).tree;
    expect([...trees]).to.deep.equal([
      [await treeOf(a), 'a'],
      [await treeOf(b), 'b'],
    ]);
  });

  it("an unknown revision is the repository's UNKNOWN_REF", async () => {
    const error = await resolveTrees(fakeRepository(), ['nope']).catch((thrown: { code?: string }) => thrown);
    expect(error).to.have.property('code', 'UNKNOWN_REF');
  });
});
