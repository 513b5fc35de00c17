const UNITS = ['B', 'kB', 'MB', 'GB', 'TB'];

/** `bytes` for people, in SI units as {@link parseSize} reads them back: `0 B`, `812 B`, `4.2 MB`, `404 MB`. */
export function formatSize(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < UNITS.length - 1) {
    value /= 1000;
    unit += 1;
  }
  const digits = unit === 0 || value >= 100 ? 0 : 1;
  return `${value.toFixed(digits).replace(/\.0$/, '')} ${UNITS[unit]}`;
}
