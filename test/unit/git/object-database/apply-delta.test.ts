import { expect } from 'chai';
import fc from 'fast-check';
import { applyDelta } from '../../../../src/git/object-database/apply-delta.js';

type Op = { copy: [number, number] } | { insert: Uint8Array };

function varint(value: number): number[] {
  const bytes: number[] = [];
  do {
    bytes.push((value & 0x7f) | (value >= 0x80 ? 0x80 : 0));
    value = Math.floor(value / 128);
  } while (value > 0);
  return bytes;
}

/** Encodes instructions the way git's diff-delta.c does: only the non-zero offset and size bytes. */
function encode(baseSize: number, targetSize: number, ops: Op[]): Buffer {
  const bytes = [...varint(baseSize), ...varint(targetSize)];
  for (const op of ops) {
    if ('insert' in op) {
      bytes.push(op.insert.length, ...op.insert);
      continue;
    }
    const [offset, size] = op.copy;
    let code = 0x80;
    const args: number[] = [];
    [0, 1, 2, 3].forEach((i) => {
      const byte = Math.floor(offset / 256 ** i) & 0xff;
      if (byte) ((code |= 1 << i), args.push(byte));
    });
    // A size of 0x10000 is written as no size bytes at all.
    [0, 1, 2].forEach((i) => {
      const byte = size === 0x10000 ? 0 : (size >> (8 * i)) & 0xff;
      if (byte) ((code |= 0x10 << i), args.push(byte));
    });
    bytes.push(code, ...args);
  }
  return Buffer.from(bytes);
}

const caseArbitrary = fc.integer({ min: 1, max: 70_000 }).chain((baseSize) =>
  fc.record({
    base: fc
      .uint8Array({ minLength: baseSize, maxLength: baseSize, size: 'max' })
      .map((bytes) => Buffer.from(bytes)),
    ops: fc.array(
      fc.oneof(
        fc
          .integer({ min: 0, max: baseSize - 1 })
          .chain((offset) =>
            fc
              .integer({ min: 1, max: Math.min(0x10000, baseSize - offset) })
              .map((size) => ({ copy: [offset, size] as [number, number] })),
          ),
        fc.uint8Array({ minLength: 1, maxLength: 127 }).map((insert) => ({ insert })),
      ),
      { maxLength: 30 },
    ),
  }),
);

function expected(base: Buffer, ops: Op[]): Buffer {
  return Buffer.concat(
    ops.map((op) =>
      'insert' in op ? Buffer.from(op.insert) : base.subarray(op.copy[0], op.copy[0] + op.copy[1]),
    ),
  );
}

describe('applyDelta', () => {
  it('produces exactly the copies and inserts a delta describes', () => {
    fc.assert(
      fc.property(caseArbitrary, ({ base, ops }) => {
        const target = expected(base, ops);
        expect(applyDelta(base, encode(base.length, target.length, ops)).equals(target)).to.equal(true);
      }),
      { numRuns: 200 },
    );
  });

  it('reads a copy with no size bytes as 0x10000 bytes', () => {
    const base = Buffer.alloc(0x10000 + 10, 7);
    base[0x10000 - 1] = 9;
    const delta = Buffer.from([...varint(base.length), ...varint(0x10000), 0x80]);
    const target = applyDelta(base, delta);
    expect(target.length).to.equal(0x10000);
    expect(target[0x10000 - 1]).to.equal(9);
  });

  it('refuses a delta that does not fit its base or its announced size, rather than return wrong bytes', () => {
    const base = Buffer.from('0123456789');
    const cases: Array<[string, number[]]> = [
      ['base size', [...varint(9), 1, 1, 0x41]],
      ['copy outside', [10, 5, 0x91, 8, 5]],
      ['larger than announced', [10, 2, 3, 0x41, 0x42, 0x43]],
      ['smaller than announced', [10, 5, 1, 0x41]],
      ['truncated insert', [10, 5, 5, 0x41]],
      ['reserved 0', [10, 0, 0]],
      ['truncated size', [0x8a]],
    ];
    for (const [name, bytes] of cases)
      expect(() => applyDelta(base, Buffer.from(bytes)), name).to.throw(/corrupt delta/);
  });
});
