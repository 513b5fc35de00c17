import { expect } from 'chai';
import { readPartials } from '../../../src/workflows/read-partials.js';
import { memoryFiles, partial } from './fakes.js';

async function read(
  files: Record<string, string>,
  names = Object.keys(files).map((file) => file.replace('/work/', '')),
) {
  return readPartials({ cwd: '/work', files: names, adapters: { files: memoryFiles(files) } });
}

async function problem(files: Record<string, string>, names?: string[]): Promise<string | undefined> {
  return read(files, names).then(
    () => undefined,
    (error: Error) => error.message,
  );
}

describe('readPartials (in-memory file system)', () => {
  it('reads every file given, relative to cwd, in order', async () => {
    const partials = await read({
      '/work/1.json': JSON.stringify(partial(1, 2)),
      '/work/2.json': JSON.stringify(partial(2, 2)),
    });
    expect(partials.map((one) => one.partial.shard.index)).to.deep.equal([1, 2]);
  });

  it('a file that cannot be read: BAD_PARTIAL naming it and the reason', async () => {
    expect(await problem({}, ['gone.json'])).to.equal('gone.json: cannot read it (ENOENT)');
  });

  it('not JSON, not a partial, or missing fields: BAD_PARTIAL saying which', async () => {
    expect(await problem({ '/work/a.json': 'nope' })).to.equal(
      'a.json: not JSON; expected the output of --shard i/n --json',
    );
    expect(await problem({ '/work/a.json': '{"mode":"check"}' })).to.equal(
      'a.json: not a partial result of this specgate (expected the output of --shard i/n --json)',
    );
    expect(await problem({ '/work/a.json': JSON.stringify(partial(1, 2, { units: 'x' })) })).to.equal(
      'a.json: a partial result with missing or malformed fields',
    );
    const transient = partial(1, 2, {
      results: [
        { tree: 't', job: 'j', key: 'k', run: { result: 'ERROR', attempts: 1, durationMs: 1, at: 'x' } },
      ],
    });
    expect(await problem({ '/work/a.json': JSON.stringify(transient) })).to.equal(
      'a.json: a partial result with missing or malformed fields',
    );
  });
});
