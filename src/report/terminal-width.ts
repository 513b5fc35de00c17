import type { Environment } from './types.js';

/** The width assumed when neither `COLUMNS` nor the terminal gives one (a pipe, CI, a 0-column tty). */
const FALLBACK = 80;

/**
 * How many columns the tables and the live view may use: `COLUMNS` when it is a whole number > 0, else the
 * stream's `columns` when it is a terminal reporting more than 0 (some report 0: a serial console, a
 * container without a size), else 80.
 */
export function terminalWidth(args: {
  env: Environment;
  stream?: { isTTY?: boolean; columns?: number };
}): number {
  const fromEnv = Number(args.env.COLUMNS?.trim());
  if (Number.isInteger(fromEnv) && fromEnv > 0) return fromEnv;
  const columns = args.stream?.isTTY ? args.stream.columns : undefined;
  if (typeof columns === 'number' && Number.isInteger(columns) && columns > 0) return columns;
  return FALLBACK;
}
