import type { ObjectStore, PackFile } from './object-store.js';

/** Size of the aligned windows that small reads are served from (git's core.packedGitWindowSize, scaled down). */
export const PACK_WINDOW_BYTES = 64 * 1024;

/**
 * Returns `length` bytes of `pack` from `position` (fewer at the end of the file). A range that fits in
 * one window is served from the store's cache of recently read windows, or reads that window: entries of
 * a pack are small and laid out in the order they are read together, so one positional read serves many
 * entries, where a read per entry would cost a thread-pool round trip each. A longer range is read
 * directly and not cached, so large objects never crowd the windows out. The pack is opened on its first
 * read and kept open for the run; positional reads never move a shared file position, so concurrent
 * reads need no locking. The result may share memory with the cache: callers must not modify it.
 */
export async function readPackBytes(args: {
  store: ObjectStore;
  pack: PackFile;
  position: number;
  length: number;
}): Promise<Buffer> {
  const { store, pack, position, length } = args;
  const first = Math.floor(position / PACK_WINDOW_BYTES);
  const last = Math.floor((position + length - 1) / PACK_WINDOW_BYTES);
  if (length > PACK_WINDOW_BYTES || last > first + 1) return readAt(store, pack, position, length);
  const start = position - first * PACK_WINDOW_BYTES;
  const head = await readWindow(store, pack, first);
  if (first === last || head.length < PACK_WINDOW_BYTES) return head.subarray(start, start + length);
  const tail = await readWindow(store, pack, last);
  return Buffer.concat([head.subarray(start), tail.subarray(0, length - (head.length - start))]);
}

function readWindow(store: ObjectStore, pack: PackFile, window: number): Promise<Buffer> {
  const key = pack.base + window;
  let read = store.windows.get(key);
  if (!read) {
    read = readAt(store, pack, window * PACK_WINDOW_BYTES, PACK_WINDOW_BYTES);
    store.windows.set(key, read);
    // A failed read is not cached, so that the next reader tries again.
    read.catch(() => store.windows.delete(key));
  }
  return read;
}

async function readAt(store: ObjectStore, pack: PackFile, position: number, length: number): Promise<Buffer> {
  if (!pack.handle) {
    const opening = store.fs.promises.open(pack.path, 'r');
    pack.handle = opening;
    store.handles.push(opening);
    // A failed open (the pack was removed since it was listed) is retried by the next read, not remembered.
    opening.catch(() => {
      if (pack.handle === opening) pack.handle = undefined;
    });
  }
  const handle = await pack.handle;
  const buffer = Buffer.allocUnsafe(length);
  let filled = 0;
  // read(2) on a regular file returns less than asked only at the end of the file, but looping costs
  // nothing and keeps a short read from ever being taken for the end of an object. A synchronous read of
  // the open descriptor: a window is 64 KiB from the page cache, microseconds, where a thread-pool round
  // trip costs tens of them and, for a merge that reads a thousand objects, most of its time.
  while (filled < length) {
    const bytesRead = store.fs.readSync(handle.fd, buffer, filled, length - filled, position + filled);
    if (bytesRead === 0) break;
    filled += bytesRead;
  }
  return filled === length ? buffer : buffer.subarray(0, filled);
}
