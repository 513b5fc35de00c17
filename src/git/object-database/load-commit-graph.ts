import path from 'node:path';
import type { GitContext } from '../git-context.js';
import type { CommitGraph, CommitGraphLayer, GraphCommit } from './commit-graph.js';
import { parseCommitGraphFile } from './parse-commit-graph-file.js';
import { readRepositoryConfig } from './read-repository-config.js';
import { readShallow } from './read-shallow.js';

const HASH_BYTES = 20;
const DATA_WIDTH = HASH_BYTES + 16;
const PARENT_NONE = 0x70000000;
const EXTRA_EDGES = 0x80000000;
const LAST_EDGE = 0x80000000;
const OVERFLOW = 0x80000000;

/**
 * The repository's commit-graph, loaded once per object database (`ctx.objectDatabase`) as git loads
 * it: `objects/info/commit-graph` if it is valid, else the layers named by `objects/info/commit-graphs/commit-graph-chain`
 * (as far as each layer's base list matches the layers below it). `undefined` when there is none, when
 * `core.commitGraph` is false, or when the repository is shallow (git ignores the graph then, since its
 * parents would contradict the shallow boundary). Generations are corrected commit dates only when every
 * layer has them (git's rule for mixed chains), else topological levels.
 */
export function loadCommitGraph(ctx: GitContext): CommitGraph | undefined {
  return ctx.objectDatabase.memo(loadCommitGraph, () => (enabled(ctx) ? load(ctx) : undefined));
}

function enabled(ctx: GitContext): boolean {
  if (readShallow(ctx)) return false;
  let on = true;
  for (const entry of readRepositoryConfig(ctx)) {
    if (entry.name === 'core.commitgraph')
      on = entry.value === undefined || !/^(false|no|off|0|)$/i.test(entry.value.trim());
  }
  return on;
}

function load(ctx: GitContext): CommitGraph | undefined {
  const info = path.join(ctx.objectsDir, 'info');
  const single = parseCommitGraphFile({ fs: ctx.fs, file: path.join(info, 'commit-graph') });
  if (single && single.baseHashes.length === 0) return combine([single]);
  let chain: string[];
  try {
    chain = ctx.fs
      .readFileSync(path.join(info, 'commit-graphs', 'commit-graph-chain'), 'utf8')
      .split('\n')
      .filter(Boolean);
  } catch (error) {
    if (['ENOENT', 'ENOTDIR'].includes((error as NodeJS.ErrnoException).code ?? '')) return undefined;
    throw error;
  }
  const layers: CommitGraphLayer[] = [];
  for (const [i, hash] of chain.entries()) {
    if (!/^[0-9a-f]{40}$/.test(hash)) break;
    const layer = parseCommitGraphFile({
      fs: ctx.fs,
      file: path.join(info, 'commit-graphs', `graph-${hash}.graph`),
    });
    // A layer that is missing or does not sit on the layers read so far ends the usable chain.
    if (!layer || layer.baseHashes.length !== i || layer.baseHashes.some((base, j) => base !== chain[j]))
      break;
    layers.push(layer);
  }
  return layers.length > 0 ? combine(layers) : undefined;
}

/** One lookup over the layers, bottom first: a position is global, counting the commits of lower layers. */
function combine(layers: CommitGraphLayer[]): CommitGraph {
  const bases: number[] = [];
  let count = 0;
  for (const layer of layers) {
    bases.push(count);
    count += layer.count;
  }
  const correctedDates = layers.every((layer) => layer.generations !== undefined);

  const oidAt = (position: number): string => {
    const i = layerOf(position);
    const lex = position - bases[i];
    return layers[i].oids.toString('hex', lex * HASH_BYTES, (lex + 1) * HASH_BYTES);
  };
  const layerOf = (position: number): number => {
    for (let i = layers.length - 1; i >= 0; i--)
      if (position >= bases[i]) {
        if (position - bases[i] >= layers[i].count) break;
        return i;
      }
    throw new Error(
      `commit-graph: invalid commit position ${position}; the commit-graph is likely corrupt (git commit-graph write --reachable rewrites it)`,
    );
  };

  const commitAt = (i: number, lex: number, oid: string): GraphCommit => {
    const layer = layers[i];
    const at = lex * DATA_WIDTH;
    const tree = layer.data.toString('hex', at, at + HASH_BYTES);
    const parents: string[] = [];
    const first = layer.data.readUInt32BE(at + HASH_BYTES);
    if (first !== PARENT_NONE) {
      parents.push(oidAt(first));
      const second = layer.data.readUInt32BE(at + HASH_BYTES + 4);
      if (second !== PARENT_NONE) {
        if (!(second & EXTRA_EDGES)) parents.push(oidAt(second));
        else {
          const edges = layer.edges;
          for (let edge = second & 0x7fffffff; ; edge++) {
            if (!edges || (edge + 1) * 4 > edges.length)
              throw new Error('commit-graph: extra-edges pointer out of bounds; the commit-graph is corrupt');
            const value = edges.readUInt32BE(edge * 4);
            parents.push(oidAt(value & 0x7fffffff));
            if (value & LAST_EDGE) break;
          }
        }
      }
    }
    const levelAndHigh = layer.data.readUInt32BE(at + HASH_BYTES + 8);
    const committerTime = (levelAndHigh & 0x3) * 2 ** 32 + layer.data.readUInt32BE(at + HASH_BYTES + 12);
    let generation = levelAndHigh >>> 2;
    if (correctedDates) {
      const offset = layer.generations!.readUInt32BE(lex * 4);
      if (offset & OVERFLOW) {
        const index = offset & 0x7fffffff;
        const overflow = layer.generationOverflow;
        if (!overflow || (index + 1) * 8 > overflow.length)
          throw new Error('commit-graph: overflow generation data is missing; the commit-graph is corrupt');
        generation = committerTime + Number(overflow.readBigUInt64BE(index * 8));
      } else generation = committerTime + offset;
    }
    return { oid, tree, parents, committerTime, generation };
  };

  const lookup = (oid: string): GraphCommit | undefined => {
    if (!/^[0-9a-f]{40}$/.test(oid)) return undefined;
    const id = Buffer.from(oid, 'hex');
    // The top layer first, as git searches.
    for (let i = layers.length - 1; i >= 0; i--) {
      const layer = layers[i];
      let low = id[0] === 0 ? 0 : layer.fanout.readUInt32BE((id[0] - 1) * 4);
      let high = layer.fanout.readUInt32BE(id[0] * 4);
      while (low < high) {
        const middle = (low + high) >>> 1;
        const order = layer.oids.compare(id, 0, HASH_BYTES, middle * HASH_BYTES, (middle + 1) * HASH_BYTES);
        if (order === 0) return commitAt(i, middle, oid);
        if (order < 0) low = middle + 1;
        else high = middle;
      }
    }
    return undefined;
  };
  return { count, correctedDates, lookup };
}
