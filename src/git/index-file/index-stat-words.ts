import type * as nodeFs from 'node:fs';

const NS_PER_SEC = 1_000_000_000n;

/**
 * The ten stat words an index entry of git mode `mode` records for `stat`, each truncated to 32 bits as git
 * truncates them.
 */
export function indexStatWords(stat: nodeFs.BigIntStats, mode: number): number[] {
  return [
    u32(stat.ctimeNs / NS_PER_SEC),
    u32(stat.ctimeNs % NS_PER_SEC),
    u32(stat.mtimeNs / NS_PER_SEC),
    u32(stat.mtimeNs % NS_PER_SEC),
    u32(stat.dev),
    u32(stat.ino),
    mode,
    u32(stat.uid),
    u32(stat.gid),
    u32(stat.size),
  ];
}

function u32(value: bigint): number {
  return Number(BigInt.asUintN(32, value));
}
