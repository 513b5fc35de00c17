const UNITS: Record<string, number> = {
  s: 1000,
  m: 60 * 1000,
  h: 60 * 60 * 1000,
  d: 24 * 60 * 60 * 1000,
  w: 7 * 24 * 60 * 60 * 1000,
};

/**
 * A duration as people write it (`30d`, `12h`, `45m`, `90s`, `2w`, or combined: `1d12h`) in milliseconds;
 * `undefined` for anything else (a bare number included: its unit would be a guess).
 */
export function parseDuration(text: string): number | undefined {
  const trimmed = text.trim().toLowerCase();
  if (!/^(\d+(\.\d+)?[smhdw])+$/.test(trimmed)) return undefined;
  let total = 0;
  for (const [, amount, unit] of trimmed.matchAll(/(\d+(?:\.\d+)?)([smhdw])/g))
    total += Number(amount) * UNITS[unit];
  return total;
}
