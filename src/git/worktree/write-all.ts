import type * as nodeFs from 'node:fs';

/**
 * Writes all of `data` to `fd` from `position` (the file's current offset when absent). `writeSync` may
 * write less than asked — it does on a file system that fills up, the first short write reporting no error —
 * so it is called again for the rest until all is written or a call throws (ENOSPC, EIO).
 */
export function writeAll(fs: typeof nodeFs, fd: number, data: Uint8Array, position?: number): void {
  let done = 0;
  while (done < data.length) {
    const wrote = fs.writeSync(
      fd,
      data,
      done,
      data.length - done,
      position === undefined ? null : position + done,
    );
    if (wrote <= 0)
      throw Object.assign(new Error('no space left on device, write'), { code: 'ENOSPC', syscall: 'write' });
    done += wrote;
  }
}
