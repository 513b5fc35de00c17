import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import { makeDirectories } from '../../../../src/git/checkout/make-directories.js';
import { scratchDir } from '../../../helpers/fixture-repo.js';

describe('makeDirectories', () => {
  it('makes the missing parents and says which was the first it made', async () => {
    const root = scratchDir();
    expect(await makeDirectories(fs, path.join(root, 'a', 'b', 'c'))).to.equal(path.join(root, 'a'));
    expect(fs.statSync(path.join(root, 'a', 'b', 'c')).isDirectory()).to.equal(true);
    expect(await makeDirectories(fs, path.join(root, 'a', 'b'))).to.equal(undefined);
  });

  it('refuses a file in the way, naming it', async () => {
    const root = scratchDir();
    fs.writeFileSync(path.join(root, 'file'), '');
    const error = await makeDirectories(fs, path.join(root, 'file', 'x')).catch(
      (thrown: NodeJS.ErrnoException) => thrown,
    );
    expect(error).to.include({ code: 'ENOTDIR' });
    expect((error as NodeJS.ErrnoException).path).to.match(new RegExp(`^${path.join(root, 'file')}`));
  });

  it('returns with an error where the file system refuses a directory under an existing parent (Node 20 recursive mkdir never does)', async function () {
    if (!fs.existsSync('/proc/self')) return this.skip();
    const error = await makeDirectories(fs, '/proc/specgate-test/x').catch(
      (thrown: NodeJS.ErrnoException) => thrown,
    );
    expect(error).to.include({ code: 'ENOENT' });
  });
});
