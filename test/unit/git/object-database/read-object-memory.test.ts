import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { git, initRepo, removeTempDirs, tempDir } from './object-repos.js';

const MiB = 1024 * 1024;

describe('readObject memory', () => {
  after(removeTempDirs);

  it('reads a few objects of a 200 MiB pack without growing RSS by anything near the pack size', async function () {
    this.timeout(300_000);
    const repo = initRepo(tempDir('memory'));
    const names = [0, 33, 66, 99].map((i) => `blob-${String(i).padStart(3, '0')}.bin`);
    const hashes: Record<string, string> = {};
    // Random bytes do not compress and do not delta, so the pack is as large as the blobs.
    for (let i = 0; i < 100; i++) {
      const name = `blob-${String(i).padStart(3, '0')}.bin`;
      const content = crypto.randomBytes(2 * MiB);
      fs.writeFileSync(path.join(repo, name), content);
      if (names.includes(name)) hashes[name] = crypto.createHash('sha1').update(content).digest('hex');
    }
    git(repo, ['add', '-A']);
    git(repo, ['commit', '-q', '-m', 'random blobs']);
    git(repo, ['-c', 'pack.window=0', 'gc', '-q']);
    const packDir = path.join(repo, '.git', 'objects', 'pack');
    const packs = fs.readdirSync(packDir).filter((name) => name.endsWith('.pack'));
    const packBytes = packs.reduce((sum, name) => sum + fs.statSync(path.join(packDir, name)).size, 0);
    expect(packBytes).to.be.greaterThan(190 * MiB);
    expect(fs.readdirSync(path.join(repo, '.git', 'objects')).filter((name) => /^[0-9a-f]{2}$/.test(name))).to.deep.equal([]);
    const head = git(repo, ['rev-parse', 'HEAD']).toString('utf8').trim();

    const script = path.join(import.meta.dirname, 'measure-read-rss.ts');
    const out = execFileSync(process.execPath, ['--import', 'tsx', script, repo, head, ...names], { encoding: 'utf8' });
    const measured = JSON.parse(out) as { grown: number; peakGrown: number; hashes: Record<string, string> };
    expect(measured.hashes).to.deep.equal(hashes);
    console.log(
      `      RSS grew by ${(measured.grown / MiB).toFixed(1)} MiB (peak ${(measured.peakGrown / MiB).toFixed(1)} MiB) reading a commit, a tree` +
        ` and ${names.length} blobs of 2 MiB from a ${(packBytes / MiB).toFixed(0)} MiB pack`,
    );
    expect(measured.peakGrown).to.be.lessThan(50 * MiB);
  });
});
