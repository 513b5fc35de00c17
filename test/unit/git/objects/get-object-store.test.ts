import { expect } from 'chai';
import fs from 'node:fs';
import type { GitContext } from '../../../../src/git/git-context.js';
import type { GitObject } from '../../../../src/git/objects/git-object.js';
import { getObjectStore } from '../../../../src/git/objects/get-object-store.js';

const MiB = 1024 * 1024;

/** A store of its own (a fresh `cache` object is a fresh run); creating it does no I/O. */
function freshStore() {
  const ctx: GitContext = { fs, gitdir: '/nonexistent/.git', objectsDir: '/nonexistent/.git/objects', cache: {} };
  return getObjectStore(ctx);
}

/** One shared buffer: the caches measure content length, so 100 entries of it cost no memory. */
const oneMiB = Buffer.alloc(MiB);
const blob = (content: Buffer): GitObject => ({ type: 'blob', content });

describe('getObjectStore', () => {
  it('shares one store per run: the same cache object gives the same store, another gives another', () => {
    const ctx: GitContext = { fs, gitdir: '/x/.git', objectsDir: '/x/.git/objects', cache: {} };
    expect(getObjectStore(ctx)).to.equal(getObjectStore({ ...ctx }));
    expect(getObjectStore(ctx)).not.to.equal(getObjectStore({ ...ctx, cache: {} }));
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
