import { once } from 'node:events';
import zlib from 'node:zlib';

/** Above this inflated size, data is inflated as a stream so the compressed copy is never whole in memory. */
const STREAM_ABOVE = 8 * 1024 * 1024;
/** Bytes read per positional read when streaming. */
const STREAM_CHUNK = 1024 * 1024;

/**
 * Inflates the zlib stream of one pack entry, `size` bytes once inflated, that starts at `position` in
 * the pack. `prefix` holds the bytes from `position` that were already read along with the header, and
 * `read` reads more. The compressed length is not stored anywhere: the prefix is tried first, since it
 * usually holds the whole stream; then as much as zlib's worst case for `size` bytes (deflateBound),
 * which always holds a stream git wrote; then twice as much, and so on, should another encoder have
 * needed more. The zlib checksum is verified and the result must be exactly `size` bytes; anything else
 * throws, naming `where`.
 */
export async function inflatePackData(args: {
  read: (position: number, length: number) => Promise<Buffer>;
  position: number;
  size: number;
  prefix: Buffer;
  where: string;
}): Promise<Buffer> {
  const { read, position, size, where } = args;
  if (size > STREAM_ABOVE) return inflateStreaming(args);
  let input = args.prefix;
  let want = deflateBound(size);
  let atEnd = false;
  for (;;) {
    try {
      // maxOutputLength stops a corrupt stream from inflating without bound. One output chunk of the
      // known size (plus the byte zlib needs free to report the end) spares the default 16 KiB chunks
      // and their concatenation: 1.5-2.5 times faster on typical objects.
      const output = zlib.inflateSync(input, {
        maxOutputLength: Math.max(size, 1),
        chunkSize: Math.max(64, size + 1),
      });
      if (output.length !== size) throw new Error(`inflated to ${output.length} bytes, expected ${size}`);
      return output;
    } catch (error) {
      const truncated = (error as NodeJS.ErrnoException).code === 'Z_BUF_ERROR';
      if (!truncated || atEnd) {
        throw new Error(`${where}: corrupt data at offset ${position}: ${(error as Error).message}`, {
          cause: error,
        });
      }
      if (input.length >= want) want = input.length * 2;
      input = await read(position, want);
      atEnd = input.length < want;
    }
  }
}

/** zlib's deflateBound() plus room for the zlib header and checksum. */
function deflateBound(size: number): number {
  return size + Math.floor(size / 4096) + Math.floor(size / 16384) + Math.floor(size / 33554432) + 64;
}

/** Feeds the stream to zlib a chunk at a time, stopping at its end, into one buffer of the final size. */
async function inflateStreaming(args: {
  read: (position: number, length: number) => Promise<Buffer>;
  position: number;
  size: number;
  where: string;
}): Promise<Buffer> {
  const { read, position, size, where } = args;
  const output = Buffer.allocUnsafe(size);
  let filled = 0;
  let ended = false;
  const inflate = zlib.createInflate({ chunkSize: 256 * 1024 });
  const done = new Promise<void>((resolve, reject) => {
    inflate.on('data', (chunk: Buffer) => {
      if (filled + chunk.length > size)
        return inflate.destroy(new Error(`inflates to more than ${size} bytes`));
      chunk.copy(output, filled);
      filled += chunk.length;
    });
    inflate.on('end', () => {
      ended = true;
      resolve();
    });
    inflate.on('error', reject);
  });
  done.catch(() => undefined);
  try {
    for (let at = position; !ended;) {
      const chunk = await read(at, STREAM_CHUNK);
      if (chunk.length === 0) break;
      at += chunk.length;
      // zlib ignores what follows the end of the stream (the next entries), and then ends the stream.
      if (!inflate.write(chunk)) await Promise.race([once(inflate, 'drain'), done]);
    }
    inflate.end();
    await done;
    if (filled !== size) throw new Error(`inflated to ${filled} bytes, expected ${size}`);
    return output;
  } catch (error) {
    inflate.destroy();
    throw new Error(`${where}: corrupt data at offset ${position}: ${(error as Error).message}`, {
      cause: error,
    });
  }
}
