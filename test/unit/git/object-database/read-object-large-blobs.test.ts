import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { parseTree } from '../../../../src/git/object-database/parse-tree.js';
import { readObject } from '../../../../src/git/object-database/read-object.js';
import { contextFor, git, initRepo, removeTempDirs, tempDir } from './object-repos.js';

const MiB = 1024 * 1024;

// How little memory reading a few blobs of a 200 MiB pack takes is a figure of `npm run bench`
// (test/bench/measure-memory.ts), measured in a fresh process; this checks the bytes, on a smaller pack.
describe('readObject on a pack of large blobs', () => {
  after(removeTempDirs);

  it('reads a commit, its tree and blobs of 2 MiB out of an undeltified pack, with the bytes git wrote', async function () {
    const repo = initRepo(tempDir('large-blobs'));
    const names = Array.from({ length: 10 }, (_, i) => `blob-${i}.bin`);
    const hashes: Record<string, string> = {};
    // Random bytes do not compress and do not delta, so the pack is as large as the blobs.
    for (const name of names) {
      const content = crypto.randomBytes(2 * MiB);
      fs.writeFileSync(path.join(repo, name), content);
      hashes[name] = crypto.createHash('sha1').update(content).digest('hex');
    }
    git(repo, ['add', '-A']);
    git(repo, ['commit', '-q', '-m', 'random blobs']);
    git(repo, ['-c', 'pack.window=0', 'gc', '-q']);
    expect(
      fs.readdirSync(path.join(repo, '.git', 'objects')).filter((name) => /^[0-9a-f]{2}$/.test(name)),
    ).to.deep.equal([]);
    const head = git(repo, ['rev-parse', 'HEAD']).toString('utf8').trim();

    const ctx = contextFor(repo);
    const commit = await readObject(ctx, head);
    const tree = parseTree((await readObject(ctx, commit.content.toString('utf8').slice(5, 45))).content);
    const read: Record<string, string> = {};
    for (const name of [names[9], names[0], names[5]]) {
      const blob = await readObject(ctx, tree.find((entry) => entry.path === name)!.oid);
      read[name] = crypto.createHash('sha1').update(blob.content).digest('hex');
    }
    expect(read).to.deep.equal({
      [names[9]]: hashes[names[9]],
      [names[0]]: hashes[names[0]],
      [names[5]]: hashes[names[5]],
    });
  });
});
