/**
 * Types shared by the report layer. Kept in their own module so that the progress implementations and the
 * function that chooses between them can all name them without importing one another.
 */
import type { RunObserver } from '../core/types.js';

/**
 * Where live progress is written. Usually `process.stderr` (a `tty.WriteStream`); any writable works, which
 * is what tests rely on. `isTTY`, `columns`, `rows` and `getColorDepth` are read when present.
 */
export type ProgressStream = NodeJS.WritableStream & {
  isTTY?: boolean;
  columns?: number;
  rows?: number;
  getColorDepth?(env?: object): number;
};

/** A live view of a run: receives the workflow's events, and is stopped once the run is over. */
export interface Progress extends RunObserver {
  /**
   * Stops the live view, leaving its final state on screen. Idempotent; resolves once everything has been
   * written. Changes still undecided (an interrupted run) are shown as stopped.
   */
  stop(): Promise<void>;
}

/** Environment variables, injectable so that tests need not mutate `process.env`. */
export type Environment = Record<string, string | undefined>;
