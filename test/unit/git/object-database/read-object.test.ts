import crypto, { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { expect } from 'chai';
import type { GitContext } from '../../../../src/git/git-context.js';
import { readObject } from '../../../../src/git/object-database/read-object.js';
import {
  allObjects,
  buildDeltaHistory,
  commit,
  contextFor,
  git,
  initRepo,
  longestDeltaChain,
  packKinds,
  removeTempDirs,
  tempDir,
} from './object-repos.js';

/** Reads every object git knows in `repo` through `readObject` and compares type and bytes with git's. */
async function expectEveryObjectMatches(repo: string, ctx: GitContext = contextFor(repo)): Promise<number> {
  const expected = allObjects(repo);
  const ids = [...expected.keys()];
  // Reverse order as well as forward: objects before their delta bases and after, with caches warm and cold.
  for (const order of [ids, [...ids].reverse()]) {
    for (const oid of order) {
      const object = await readObject(ctx, oid);
      const want = expected.get(oid)!;
      expect(object.type, oid).to.equal(want.type);
      if (!object.content.equals(want.content))
        expect.fail(`content of ${want.type} ${oid} differs from git's`);
    }
  }
  await ctx.objectDatabase.close();
  return ids.length;
}

function looseCount(repo: string): number {
  const objects = path.join(repo, '.git', 'objects');
  return fs
    .readdirSync(objects)
    .filter((name) => /^[0-9a-f]{2}$/.test(name))
    .flatMap((name) => fs.readdirSync(path.join(objects, name))).length;
}

describe('readObject', () => {
  after(removeTempDirs);

  it('reads loose objects byte for byte as git does', async () => {
    const repo = initRepo(tempDir('loose'));
    buildDeltaHistory(repo, 12);
    expect(
      fs.existsSync(path.join(repo, '.git', 'objects', 'pack')) &&
        fs.readdirSync(path.join(repo, '.git', 'objects', 'pack')).length,
    ).to.not.be.ok;
    const count = await expectEveryObjectMatches(repo);
    expect(count).to.be.greaterThan(40);
  });

  it('reads a pack with OFS_DELTA chains 50 deep, and an object larger than the streaming threshold', async function () {
    this.timeout(180_000);
    const repo = initRepo(tempDir('ofs'));
    buildDeltaHistory(repo, 90);
    // 12 MiB that compresses (so it is inflated as a stream) and changes a little (so it is a delta too).
    const large = Buffer.concat([crypto.randomBytes(4 << 20), Buffer.alloc(8 << 20, 'large text\n')]);
    commit(repo, 'large', { 'large.bin': large });
    large.write('patched', 6 << 20);
    commit(repo, 'large again', { 'large.bin': large });
    git(repo, ['repack', '-adfq', '--depth=50', '--window=50']);
    git(repo, ['prune-packed']);
    expect(looseCount(repo)).to.equal(0);
    expect(packKinds(repo)[6]).to.be.greaterThan(50);
    expect(packKinds(repo)[7]).to.equal(undefined);
    expect(longestDeltaChain(repo)).to.be.at.least(40);
    await expectEveryObjectMatches(repo);
  });

  it('reads REF_DELTA entries (a pack written without delta base offsets)', async () => {
    const repo = initRepo(tempDir('ref'));
    buildDeltaHistory(repo, 40);
    git(repo, ['-c', 'repack.useDeltaBaseOffset=false', 'repack', '-adfq', '--depth=50', '--window=50']);
    git(repo, ['prune-packed']);
    expect(packKinds(repo)[7]).to.be.greaterThan(20);
    expect(packKinds(repo)[6]).to.equal(undefined);
    await expectEveryObjectMatches(repo);
  });

  it('reads a thin pack completed by index-pack --fix-thin, next to an older pack', async () => {
    const source = initRepo(tempDir('thin-source'));
    buildDeltaHistory(source, 30);
    const repo = initRepo(tempDir('thin'));
    git(
      repo,
      ['index-pack', '--stdin'],
      git(source, ['pack-objects', '-q', '--revs', '--stdout'], Buffer.from('main~15\n')),
    );
    const thin = git(
      source,
      ['pack-objects', '-q', '--revs', '--thin', '--stdout'],
      Buffer.from('main\n^main~15\n'),
    );
    git(repo, ['index-pack', '--stdin', '--fix-thin'], thin);
    expect(packKinds(repo)[7]).to.be.greaterThan(0);
    const sourceObjects = allObjects(source);
    const objects = [...allObjects(repo).keys()];
    expect(objects.length).to.be.greaterThan(100);
    expect(objects.every((oid) => sourceObjects.has(oid))).to.equal(true);
    await expectEveryObjectMatches(repo);
  });

  it('reads pack indexes of version 1', async () => {
    const repo = initRepo(tempDir('idx-v1'));
    buildDeltaHistory(repo, 20);
    git(repo, ['repack', '-adq']);
    git(repo, ['prune-packed']);
    const packDir = path.join(repo, '.git', 'objects', 'pack');
    for (const name of fs.readdirSync(packDir).filter((file) => file.endsWith('.pack'))) {
      const idx = path.join(packDir, name.replace(/\.pack$/, '.idx'));
      fs.rmSync(idx);
      git(repo, ['index-pack', '--index-version=1', '-o', idx, path.join(packDir, name)]);
      expect(fs.readFileSync(idx).readUInt32BE(0)).to.not.equal(0xff744f63);
    }
    await expectEveryObjectMatches(repo);
  });

  it('follows offsets stored in the 64-bit table of a version 2 index', async () => {
    const repo = initRepo(tempDir('large-offsets'));
    const base = Buffer.from('the base object, long enough to be worth copying from\n'.repeat(4));
    const target = insertAt(base, 100, 'inserted\n');
    writeCraftedPack(repo, [
      { bytes: whole(base), oid: blobId(base), large: false },
      {
        bytes: refDelta(blobId(base), deltaInserting(base, 100, 'inserted\n')),
        oid: blobId(target),
        large: true,
      },
    ]);
    expect(git(repo, ['cat-file', 'blob', blobId(target)]).equals(target)).to.equal(true);
    expect(await expectEveryObjectMatches(repo)).to.equal(2);
  });

  it('takes the base of a REF_DELTA from outside its pack (a thin pack left as it came)', async () => {
    // git itself refuses such a pack on disk, so the expected bytes are the ones the delta was made from.
    const repo = initRepo(tempDir('thin-outside'));
    const base = Buffer.from('a loose base object, long enough to be worth copying from\n'.repeat(4));
    expect(git(repo, ['hash-object', '-w', '--stdin'], base).toString('utf8').trim()).to.equal(blobId(base));
    const target = insertAt(base, 100, 'inserted\n');
    writeCraftedPack(repo, [
      {
        bytes: refDelta(blobId(base), deltaInserting(base, 100, 'inserted\n')),
        oid: blobId(target),
        large: false,
      },
    ]);
    const object = await readObject(contextFor(repo), blobId(target));
    expect(object.type).to.equal('blob');
    expect(object.content.equals(target)).to.equal(true);
  });

  it('searches alternates, relative and absolute, and theirs in turn', async () => {
    const first = initRepo(tempDir('alt-first'));
    buildDeltaHistory(first, 10);
    git(first, ['repack', '-adq']);
    const second = tempDir('alt-second');
    git(second, ['clone', '-q', '--shared', first, '.']);
    fs.writeFileSync(
      path.join(second, '.git', 'objects', 'info', 'alternates'),
      `# borrowed\n${path.relative(path.join(second, '.git', 'objects'), path.join(first, '.git', 'objects'))}\n`,
    );
    commit(second, 'only in second', { 'second.txt': 'second\n' });
    const third = tempDir('alt-third');
    git(third, ['clone', '-q', '--shared', second, '.']);
    commit(third, 'only in third', { 'third.txt': 'third\n' });
    expect(looseCount(third)).to.equal(3);
    const count = await expectEveryObjectMatches(third);
    expect(count).to.equal(allObjects(first).size + 6);
  });

  it('finds loose objects and packs written during the run, and names a missing id', async () => {
    const repo = initRepo(tempDir('during'));
    buildDeltaHistory(repo, 10);
    git(repo, ['repack', '-adq']);
    git(repo, ['prune-packed']);
    const ctx = contextFor(repo);
    const head = git(repo, ['rev-parse', 'HEAD']).toString('utf8').trim();
    expect((await readObject(ctx, head)).type).to.equal('commit');
    const missing = '0123456789abcdef0123456789abcdef01234567';
    const error = await readObject(ctx, missing).then(
      () => undefined,
      (caught: unknown) => caught as Error & { code: string },
    );
    expect(error?.message).to.contain(missing);
    expect(error?.code).to.equal('MISSING_OBJECT');
    expect(error?.message).to.not.contain('\n');

    const blob = git(repo, ['hash-object', '-w', '--stdin'], Buffer.from('written during the run\n'))
      .toString('utf8')
      .trim();
    expect((await readObject(ctx, blob)).content.toString()).to.equal('written during the run\n');

    commit(repo, 'after the listing', { 'late.txt': 'late\n' });
    git(repo, ['repack', '-dq']);
    git(repo, ['prune-packed']);
    // Only the unreachable blob written above is still loose: the new commit is in a new pack.
    expect(looseCount(repo)).to.equal(1);
    const late = git(repo, ['rev-parse', 'HEAD:late.txt']).toString('utf8').trim();
    expect((await readObject(ctx, late)).content.toString()).to.equal('late\n');
    await expectEveryObjectMatches(repo, ctx);
  });

  it('shares one read between concurrent readers and returns the memoised object after', async () => {
    const repo = initRepo(tempDir('concurrent'));
    buildDeltaHistory(repo, 30);
    git(repo, ['repack', '-adfq', '--depth=50', '--window=50']);
    const ctx = contextFor(repo);
    const ids = [...allObjects(repo).keys()];
    const first = await Promise.all(ids.map((oid) => readObject(ctx, oid)));
    const again = await Promise.all(ids.map((oid) => readObject(ctx, oid)));
    expect(again.every((object, i) => object === first[i])).to.equal(true);
    await expectEveryObjectMatches(repo, ctx);
  });

  it('rejects what is not an object id', async () => {
    const repo = initRepo(tempDir('bad-id'));
    const error = await readObject(contextFor(repo), 'HEAD').then(
      () => undefined,
      (caught: unknown) => caught as Error,
    );
    expect(error?.message).to.contain('HEAD');
  });
});

function varint(value: number): Buffer {
  const bytes: number[] = [];
  do {
    bytes.push((value & 0x7f) | (value >= 0x80 ? 0x80 : 0));
    value = Math.floor(value / 128);
  } while (value > 0);
  return Buffer.from(bytes);
}

function blobId(content: Buffer): string {
  return createHash('sha1').update(`blob ${content.length}\0`).update(content).digest('hex');
}

function insertAt(base: Buffer, at: number, text: string): Buffer {
  return Buffer.concat([base.subarray(0, at), Buffer.from(text), base.subarray(at)]);
}

/** A git delta that turns `base` into `insertAt(base, at, text)`: copy, insert, copy. */
function deltaInserting(base: Buffer, at: number, text: string): Buffer {
  return Buffer.concat([
    varint(base.length),
    varint(base.length + text.length),
    Buffer.from([0x80 | 0x10, at]),
    Buffer.from([text.length]),
    Buffer.from(text),
    Buffer.from([0x80 | 0x01 | 0x10, at, base.length - at]),
  ]);
}

/** A pack entry of a whole blob. */
function whole(content: Buffer): Buffer {
  return Buffer.concat([entryHeader(3, content.length), zlib.deflateSync(content)]);
}

/** A REF_DELTA pack entry. */
function refDelta(baseOid: string, delta: Buffer): Buffer {
  return Buffer.concat([entryHeader(7, delta.length), Buffer.from(baseOid, 'hex'), zlib.deflateSync(delta)]);
}

/** A pack entry header: type and size, the size as a little-endian base-128 varint after 4 low bits. */
function entryHeader(kind: number, size: number): Buffer {
  const bytes = [(kind << 4) | (size & 15)];
  for (let rest = size >> 4; rest > 0; rest >>= 7) {
    bytes[bytes.length - 1] |= 0x80;
    bytes.push(rest & 0x7f);
  }
  return Buffer.from(bytes);
}

/**
 * Writes a pack of the given entries and its version 2 index; entries marked `large` have their offset
 * stored in the index's 64-bit table, as they would in a pack over 2 GiB.
 */
function writeCraftedPack(
  repo: string,
  entries: Array<{ oid: string; bytes: Buffer; large: boolean }>,
): void {
  let offset = 12;
  const placed = entries.map((entry) => {
    const at = offset;
    offset += entry.bytes.length;
    return { ...entry, offset: at };
  });
  const body = Buffer.concat([
    Buffer.from('PACK'),
    u32(2),
    u32(entries.length),
    ...entries.map((entry) => entry.bytes),
  ]);
  const packSum = createHash('sha1').update(body).digest();
  const sorted = [...placed].sort((a, b) => a.oid.localeCompare(b.oid));
  const fanout = Buffer.alloc(256 * 4);
  for (let byte = 0; byte < 256; byte++) {
    fanout.writeUInt32BE(
      sorted.filter((entry) => parseInt(entry.oid.slice(0, 2), 16) <= byte).length,
      byte * 4,
    );
  }
  const large: Buffer[] = [];
  const offsets = sorted.map((entry) => {
    if (!entry.large) return u32(entry.offset);
    const wide = Buffer.alloc(8);
    wide.writeBigUInt64BE(BigInt(entry.offset));
    large.push(wide);
    return u32(0x80000000 | (large.length - 1));
  });
  const index = Buffer.concat([
    u32(0xff744f63),
    u32(2),
    fanout,
    ...sorted.map((entry) => Buffer.from(entry.oid, 'hex')),
    ...sorted.map(() => u32(0)),
    ...offsets,
    ...large,
    packSum,
  ]);
  const name = packSum.toString('hex');
  const packDir = path.join(repo, '.git', 'objects', 'pack');
  fs.mkdirSync(packDir, { recursive: true });
  fs.writeFileSync(path.join(packDir, `pack-${name}.pack`), Buffer.concat([body, packSum]));
  fs.writeFileSync(
    path.join(packDir, `pack-${name}.idx`),
    Buffer.concat([index, createHash('sha1').update(index).digest()]),
  );
}

function u32(value: number): Buffer {
  const buffer = Buffer.alloc(4);
  buffer.writeUInt32BE(value >>> 0);
  return buffer;
}
