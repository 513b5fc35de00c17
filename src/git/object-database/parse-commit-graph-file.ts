import type * as nodeFs from 'node:fs';
import type { CommitGraphLayer } from './commit-graph.js';

const HASH_BYTES = 20;
const DATA_WIDTH = HASH_BYTES + 16;
const CHUNK_IDS = {
  OIDF: 0x4f494446,
  OIDL: 0x4f49444c,
  CDAT: 0x43444154,
  EDGE: 0x45444745,
  GDA2: 0x47444132,
  GDO2: 0x47444f32,
  BASE: 0x42415345,
};

/**
 * Reads one commit-graph file (git's format: `CGPH`, version 1, SHA-1; a table of chunks) and returns
 * the chunks walks need — fan-out, ids, commit data, extra edges, generation data and the base list —
 * each read on its own, so that Bloom filters and the trailer are never loaded. Returns `undefined` for a
 * file git would ignore (missing, another signature, version or hash, a required chunk missing or of the
 * wrong size).
 */
export function parseCommitGraphFile(args: {
  fs: typeof nodeFs;
  file: string;
}): CommitGraphLayer | undefined {
  const { fs, file } = args;
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch (error) {
    if (['ENOENT', 'ENOTDIR'].includes((error as NodeJS.ErrnoException).code ?? '')) return undefined;
    throw error;
  }
  try {
    const size = fs.fstatSync(fd).size;
    const read = (offset: number, length: number) => {
      const buffer = Buffer.alloc(length);
      let done = 0;
      while (done < length) {
        const got = fs.readSync(fd, buffer, done, length - done, offset + done);
        if (got === 0) throw new Error(`${file}: unexpected end of file`);
        done += got;
      }
      return buffer;
    };
    if (size < 8 + 12) return undefined;
    const header = read(0, 8);
    if (header.toString('latin1', 0, 4) !== 'CGPH' || header[4] !== 1 || header[5] !== 1) return undefined;
    const chunkCount = header[6];
    const baseCount = header[7];
    if (size < 8 + 12 * (chunkCount + 1)) return undefined;
    const table = read(8, 12 * (chunkCount + 1));
    const chunks = new Map<number, { offset: number; length: number }>();
    for (let i = 0; i < chunkCount; i++) {
      const id = table.readUInt32BE(i * 12);
      const offset = Number(table.readBigUInt64BE(i * 12 + 4));
      const end = Number(table.readBigUInt64BE(i * 12 + 16));
      if (id === 0 || offset > end || end > size) return undefined;
      chunks.set(id, { offset, length: end - offset });
    }
    const chunk = (id: number) => {
      const where = chunks.get(id);
      return where ? read(where.offset, where.length) : undefined;
    };
    const fanout = chunk(CHUNK_IDS.OIDF);
    if (!fanout || fanout.length !== 256 * 4) return undefined;
    const count = fanout.readUInt32BE(255 * 4);
    const oids = chunk(CHUNK_IDS.OIDL);
    const data = chunk(CHUNK_IDS.CDAT);
    if (!oids || oids.length !== count * HASH_BYTES || !data || data.length !== count * DATA_WIDTH)
      return undefined;
    const generations = chunk(CHUNK_IDS.GDA2);
    if (generations && generations.length !== count * 4) return undefined;
    const base = chunk(CHUNK_IDS.BASE);
    if (baseCount > 0 && (!base || base.length < baseCount * HASH_BYTES)) return undefined;
    const baseHashes: string[] = [];
    for (let i = 0; i < baseCount; i++)
      baseHashes.push(base!.toString('hex', i * HASH_BYTES, (i + 1) * HASH_BYTES));
    return {
      count,
      fanout,
      oids,
      data,
      edges: chunk(CHUNK_IDS.EDGE),
      generations,
      generationOverflow: chunk(CHUNK_IDS.GDO2),
      baseHashes,
    };
  } finally {
    fs.closeSync(fd);
  }
}
