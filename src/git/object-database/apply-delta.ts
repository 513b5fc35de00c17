/** Below this many bytes a JavaScript loop copies faster than a call into Buffer#copy. */
const SMALL_COPY = 16;

/**
 * Rebuilds an object from its delta base and a git delta (patch-delta.c): the base's size and the
 * result's size as varints, then instructions that either copy a range of the base (high bit set; the
 * low seven bits say which offset and size bytes follow; a size of 0 means 0x10000) or insert the next
 * 1–127 bytes of the delta. Throws when the delta does not fit the base or does not produce exactly the
 * announced size, as git does, rather than return wrong bytes.
 */
export function applyDelta(base: Buffer, delta: Buffer): Buffer {
  let at = 0;
  const varint = () => {
    let value = 0;
    let scale = 1;
    let byte: number;
    do {
      if (at >= delta.length) throw new Error('corrupt delta: truncated size');
      byte = delta[at++];
      value += (byte & 0x7f) * scale;
      scale *= 128;
    } while (byte & 0x80);
    return value;
  };
  const baseSize = varint();
  if (baseSize !== base.length) {
    throw new Error(`corrupt delta: base is ${base.length} bytes, delta expects ${baseSize}`);
  }
  const targetSize = varint();
  const target = Buffer.allocUnsafe(targetSize);
  let out = 0;
  while (at < delta.length) {
    const op = delta[at++];
    let from: Buffer;
    let start: number;
    let size: number;
    if (op & 0x80) {
      let offset = 0;
      size = 0;
      if (op & 0x01) offset = delta[at++];
      if (op & 0x02) offset += delta[at++] * 0x100;
      if (op & 0x04) offset += delta[at++] * 0x10000;
      if (op & 0x08) offset += delta[at++] * 0x1000000;
      if (op & 0x10) size = delta[at++];
      if (op & 0x20) size += delta[at++] * 0x100;
      if (op & 0x40) size += delta[at++] * 0x10000;
      if (size === 0) size = 0x10000;
      if (at > delta.length || offset + size > base.length)
        throw new Error('corrupt delta: copy outside the base');
      from = base;
      start = offset;
    } else if (op !== 0) {
      size = op;
      if (at + size > delta.length) throw new Error('corrupt delta: truncated insert');
      from = delta;
      start = at;
      at += size;
    } else throw new Error('corrupt delta: reserved instruction 0');
    if (out + size > targetSize) throw new Error('corrupt delta: result larger than announced');
    if (size < SMALL_COPY) for (let i = 0; i < size; i++) target[out + i] = from[start + i];
    else from.copy(target, out, start, start + size);
    out += size;
  }
  if (out !== targetSize) throw new Error(`corrupt delta: produced ${out} bytes, announced ${targetSize}`);
  return target;
}
