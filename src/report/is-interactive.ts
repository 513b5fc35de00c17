import { detectCi } from './detect-ci.js';
import type { Environment, ProgressStream } from './types.js';

/**
 * Whether a live, redrawing view may be written to `stream`: it must be a terminal, and neither a CI system
 * (`CI` set to anything but `false`/`0`; CI logs keep every frame) nor a terminal that cannot move the
 * cursor (`TERM=dumb`) may be involved.
 */
export function isInteractive(stream: ProgressStream, env: Environment = process.env): boolean {
  if (!stream.isTTY) return false;
  if (detectCi(env).ci) return false;
  return env.TERM !== 'dumb';
}
