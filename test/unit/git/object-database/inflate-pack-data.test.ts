import crypto from 'node:crypto';
import zlib from 'node:zlib';
import { expect } from 'chai';
import { inflatePackData } from '../../../../src/git/object-database/inflate-pack-data.js';

/** A pack stand-in: `bytes` at offset 0, read in whatever pieces the reader asks for, with a read count. */
function packOf(bytes: Buffer) {
  const reads: number[] = [];
  return {
    reads,
    read: async (position: number, length: number) => {
      reads.push(length);
      return bytes.subarray(position, position + length);
    },
  };
}

function adler32(data: Buffer): number {
  let a = 1;
  let b = 0;
  for (const byte of data) {
    a = (a + byte) % 65521;
    b = (b + a) % 65521;
  }
  return ((b << 16) | a) >>> 0;
}

/** A valid zlib stream far longer than zlib's worst case for its content: many empty stored blocks first. */
function paddedStream(data: Buffer, emptyBlocks: number): Buffer {
  const trailer = Buffer.alloc(4);
  trailer.writeUInt32BE(adler32(data));
  const length = Buffer.from([
    data.length & 0xff,
    data.length >> 8,
    ~data.length & 0xff,
    (~data.length >> 8) & 0xff,
  ]);
  return Buffer.concat([
    Buffer.from([0x78, 0x01]),
    ...Array.from({ length: emptyBlocks }, () => Buffer.from([0x00, 0x00, 0x00, 0xff, 0xff])),
    Buffer.from([0x01]),
    length,
    data,
    trailer,
  ]);
}

describe('inflatePackData', () => {
  const where = 'test.pack';

  it('inflates an entry followed by other entries, from the bytes already read when they suffice', async () => {
    const data = Buffer.from('hello pack\n'.repeat(50));
    const bytes = Buffer.concat([zlib.deflateSync(data), crypto.randomBytes(5000)]);
    const pack = packOf(bytes);
    const out = await inflatePackData({
      read: pack.read,
      position: 0,
      size: data.length,
      prefix: bytes.subarray(0, 4096),
      where,
    });
    expect(out.equals(data)).to.equal(true);
    expect(pack.reads).to.deep.equal([]);
  });

  it('reads more when the prefix is short, and grows past zlib worst case for streams another encoder made', async () => {
    const data = crypto.randomBytes(100);
    const bytes = Buffer.concat([paddedStream(data, 1000), Buffer.alloc(100)]);
    expect(zlib.inflateSync(bytes).equals(data)).to.equal(true);
    const pack = packOf(bytes);
    const out = await inflatePackData({
      read: pack.read,
      position: 0,
      size: data.length,
      prefix: bytes.subarray(0, 10),
      where,
    });
    expect(out.equals(data)).to.equal(true);
    expect(pack.reads.length).to.be.greaterThan(1);
  });

  it('streams an entry above the streaming threshold, stopping at its end', async () => {
    const data = Buffer.concat([crypto.randomBytes(3 << 20), Buffer.alloc(7 << 20, 'x')]);
    const compressed = zlib.deflateSync(data);
    const bytes = Buffer.concat([compressed, crypto.randomBytes(20 << 20)]);
    const pack = packOf(bytes);
    const out = await inflatePackData({
      read: pack.read,
      position: 0,
      size: data.length,
      prefix: bytes.subarray(0, 100),
      where,
    });
    expect(out.equals(data)).to.equal(true);
    const read = pack.reads.reduce((sum, length) => sum + length, 0);
    expect(read).to.be.lessThan(compressed.length + (2 << 20));
  });

  it('refuses truncated data, a bad checksum and a size that does not match, small or streamed', async () => {
    for (const size of [1000, 9 << 20]) {
      const data = Buffer.alloc(size, 'y');
      const compressed = zlib.deflateSync(data);
      const corrupt = Buffer.from(compressed);
      corrupt[corrupt.length - 1] ^= 1;
      const cases: Array<[string, Buffer, number]> = [
        ['truncated', compressed.subarray(0, compressed.length - 6), size],
        ['bad checksum', corrupt, size],
        ['longer than announced', compressed, size - 1],
        ['shorter than announced', compressed, size + 1],
      ];
      for (const [name, bytes, announced] of cases) {
        const pack = packOf(bytes);
        const error = await inflatePackData({
          read: pack.read,
          position: 0,
          size: announced,
          prefix: bytes.subarray(0, 16),
          where,
        }).then(
          () => undefined,
          (caught: unknown) => caught as Error,
        );
        expect(error?.message, `${name}, ${size} bytes`).to.match(/^test\.pack: corrupt data at offset 0/);
      }
    }
  });
});
