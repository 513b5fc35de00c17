import { expect } from 'chai';
import { openPartials } from '../../../src/workflows/open-partials.js';
import { memoryFiles, partial } from './fakes.js';

function open(files: Record<string, unknown>) {
  const texts = Object.fromEntries(
    Object.entries(files).map(([name, value]) => [`/work/${name}`, JSON.stringify(value)]),
  );
  return openPartials({ cwd: '/work', files: Object.keys(files), adapters: { files: memoryFiles(texts) } });
}

describe('openPartials (in-memory file system)', () => {
  it("every shard of one run: the run to do again, with the shards' results handed in", async () => {
    const merging = await open({ '1.json': partial(1, 2), '2.json': partial(2, 2) });
    expect(merging.mode).to.equal('check');
    expect(merging.shards).to.equal(2);
    expect(merging.options).to.include({ target: 'main' });
    expect(merging.options.changes).to.deep.equal(['feature']);
    expect(merging.options.given).to.have.length(1);
  });

  it('a missing shard: BAD_PARTIAL before anything runs', async () => {
    const error = await open({ '1.json': partial(1, 2) }).then(
      () => undefined,
      (thrown: Error) => thrown,
    );
    expect(error?.message).to.equal('report merge: missing shard 2/2');
  });

  it('checkInputs: a target that moved since the shards ran is named, with both commits', async () => {
    const merging = await open({ '1.json': partial(1, 1) });
    const queue = { target: { ref: 'main', sha: 'c'.repeat(40) }, queue: [], cycles: [] };
    expect(() => merging.options.checkInputs!('other digest', queue)).to.throw(
      `report merge: target main is at ${'c'.repeat(12)} here but the shards tested ${'a'.repeat(12)}`,
    );
    expect(() => merging.options.checkInputs!('digest', queue)).to.not.throw();
  });
});
