import { expect } from 'chai';
import { checkoutState } from '../../../src/workflows/checkout-state.js';
import { fakeAdapters, fakeConfig, memoryFiles, queueRepository } from './fakes.js';

function setUp(files: Record<string, string> = {}, failing = false) {
  const { repository, base } = queueRepository('a', 'b');
  const written: Array<{ commitOid: string; dir: string }> = [];
  const disk = memoryFiles(files);
  const adapters = fakeAdapters({
    repository: {
      ...repository,
      materializeState: async (args) => {
        written.push(args);
        disk.writeText(`${args.dir}/half-written`, 'x');
        if (failing)
          throw Object.assign(new Error('ENOSPC: no space left on device, write'), {
            code: 'ENOSPC',
            syscall: 'write',
          });
      },
    },
    config: fakeConfig(),
    files: disk,
  });
  const checkout = (changes: string[], mode: 'gate' | 'check' = 'gate') =>
    checkoutState({ cwd: '/repo', changes, dir: '../state', mode, adapters });
  return { checkout, written, disk, base };
}

describe('checkoutState (fakes)', () => {
  it('writes the state of the last change, with the changes ahead of it in gate mode', async () => {
    const { checkout, written } = setUp();
    const result = await checkout(['a', 'b']);
    expect(result).to.deep.include({ change: 'b', target: 'main', includes: ['a', 'b'], dir: '/state' });
    expect(written).to.deep.equal([
      { commitOid: (result as { speculativeSha: string }).speculativeSha, dir: '/state' },
    ]);
  });

  it('check mode: the change alone on the target', async () => {
    const { checkout } = setUp();
    expect(await checkout(['a', 'b'], 'check')).to.deep.include({ change: 'b', includes: ['b'] });
  });

  it('--dir not empty, or a file: WORK_DIR before anything is merged', async () => {
    const { checkout, written } = setUp({ '/state/mine': 'keep me' });
    expect(
      await checkout(['a']).then(
        () => undefined,
        (error: Error) => error.message,
      ),
    ).to.equal('--dir /state is not empty');
    const file = setUp({ '/state': 'a file' });
    expect(
      await file.checkout(['a']).then(
        () => undefined,
        (error: Error) => error.message,
      ),
    ).to.equal('--dir /state is not a directory');
    expect(written).to.deep.equal([]);
  });

  it('a checkout that fails half-way leaves nothing of it behind', async () => {
    const { checkout, disk } = setUp({}, true);
    const error = await checkout(['a']).then(
      () => undefined,
      (thrown: Error) => thrown,
    );
    expect(error?.message).to.match(/ENOSPC/);
    expect([...disk.files.keys()]).to.deep.equal([]);
  });
});
