import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import { openRepository } from '../../../../src/git/open-repository.js';
import { writeObject } from '../../../../src/git/object-database/write-object.js';
import { scratchDir } from '../../../helpers/fixture-repo.js';
import { git } from '../../../helpers/git.js';

describe('writeObject', () => {
  it('writes a loose object git reads, and freshens one already there so pruning by age spares it', () => {
    const dir = scratchDir('specgate-write-object-');
    git(dir, 'init', '-q');
    const oid = writeObject(openRepository({ cwd: dir }), 'blob', Buffer.from('hello\n'));
    expect(git(dir, 'cat-file', '-p', oid)).to.equal('hello\n');
    const file = path.join(dir, '.git', 'objects', oid.slice(0, 2), oid.slice(2));
    const old = new Date('2020-01-01T00:00:00Z');
    fs.utimesSync(file, old, old);
    // A new run (a fresh context, no memo) writes the same object again.
    writeObject(openRepository({ cwd: dir }), 'blob', Buffer.from('hello\n'));
    expect(fs.statSync(file).mtimeMs).to.be.greaterThan(Date.now() - 60_000);
    // git gc --prune by age keeps it now (it is unreachable, but young).
    git(dir, 'gc', '-q', '--prune=1.hour.ago');
    expect(git(dir, 'cat-file', '-t', oid).trim()).to.equal('blob');
  });
});
