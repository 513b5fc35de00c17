import { expect } from 'chai';
import fs from 'node:fs';
import type { GitObject } from '../../../../src/git/object-database/git-object.js';
import { openGitContext } from '../../../../src/git/open-git-context.js';

const MiB = 1024 * 1024;

/** The store of a newly opened repository; opening one does no I/O. */
function freshStore() {
  return openGitContext({ fs, gitdir: '/nonexistent/.git', objectsDir: '/nonexistent/.git/objects' })
    .objectDatabase.store;
}

/** One shared buffer: the caches measure content length, so 100 entries of it cost no memory. */
const oneMiB = Buffer.alloc(MiB);
const blob = (content: Buffer): GitObject => ({ type: 'blob', content });

describe("the object database's caches", () => {
  it('gives each opened repository a store of its own', () => {
    const location = { fs, gitdir: '/x/.git', objectsDir: '/x/.git/objects' };
    const ctx = openGitContext(location);
    expect(ctx.objectDatabase.store).to.equal(ctx.objectDatabase.store);
    expect(ctx.objectDatabase.store).not.to.equal(openGitContext(location).objectDatabase.store);
  });

  it('bounds the object memo by the total size of the contents (64 MiB), forgetting the least recently used', () => {
    const { objects } = freshStore();
    for (let i = 0; i < 100; i += 1) {
      objects.set(`oid-${i}`, blob(oneMiB));
      // Reading the first entry again keeps it the most recently used, so it outlives every other early one.
      expect(objects.get('oid-0'), `after ${i}`).not.to.equal(undefined);
    }
    expect(objects.calculatedSize).to.be.at.most(64 * MiB);
    expect(objects.size).to.be.within(60, 64);
    expect(objects.get('oid-1')).to.equal(undefined);
    expect(objects.get('oid-99')?.content).to.equal(oneMiB);
  });

  it('counts a small object as more than its content, so that millions of tiny ones stay bounded too', () => {
    const { objects } = freshStore();
    objects.set('empty', blob(Buffer.alloc(0)));
    expect(objects.calculatedSize).to.be.greaterThan(0);
  });

  it('does not store an object larger than the whole budget, which would evict everything else', () => {
    const { objects, bases } = freshStore();
    objects.set('small', blob(oneMiB));
    objects.set('huge', blob(Buffer.alloc(65 * MiB)));
    expect(objects.get('huge')).to.equal(undefined);
    expect(objects.get('small')?.content).to.equal(oneMiB);
    bases.set(1, blob(Buffer.alloc(33 * MiB)));
    expect(bases.size).to.equal(0);
  });

  it('bounds the pack windows by count times the window size (256 windows of 64 KiB)', () => {
    const { windows } = freshStore();
    for (let i = 0; i < 300; i += 1) windows.set(i, Promise.resolve(Buffer.alloc(0)));
    expect(windows.size).to.equal(256);
    expect(windows.get(0)).to.equal(undefined);
    expect(windows.get(299)).not.to.equal(undefined);
  });
});
