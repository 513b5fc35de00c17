const UNITS: Record<string, number> = {
  '': 1,
  b: 1,
  k: 1e3,
  kb: 1e3,
  m: 1e6,
  mb: 1e6,
  g: 1e9,
  gb: 1e9,
  t: 1e12,
  tb: 1e12,
  ki: 2 ** 10,
  mi: 2 ** 20,
  gi: 2 ** 30,
  ti: 2 ** 40,
  kib: 2 ** 10,
  mib: 2 ** 20,
  gib: 2 ** 30,
  tib: 2 ** 40,
};

/** What {@link parseSize} reads (for a schema to check the same text). */
export const SIZE_PATTERN = /^\s*(\d+(?:\.\d+)?|\.\d+)\s*((?:[kKmMgGtT][iI]?)?[bB]?)\s*$/;

/**
 * A size as people write it (`2GB`, `500 MB`, `1.5GiB`, `10k`, `4096`) in bytes, rounded down; SI units
 * are powers of 1000, IEC units (`KiB`, `MiB`…) powers of 1024, case does not matter. `undefined` for
 * anything else, negative sizes included.
 */
export function parseSize(text: string): number | undefined {
  const match = SIZE_PATTERN.exec(text);
  if (!match) return undefined;
  const unit = UNITS[match[2].toLowerCase()];
  if (unit === undefined) return undefined;
  return Math.floor(Number(match[1]) * unit);
}
