import type { RunObserver } from '../core/types.js';
import type { Progress } from './types.js';

// Every event of a run, as a record so that a new one added to `RunObserver` fails the type check here
// until it is forwarded too.
const METHODS: Record<keyof RunObserver, true> = {
  queued: true,
  stateStarted: true,
  stateReset: true,
  prepareStarted: true,
  prepareFinished: true,
  jobStarted: true,
  jobFinished: true,
  changeFinished: true,
  warning: true,
};

/**
 * One `Progress` that hands every event to `progress` and then to each of `others` (the reporters that
 * watch the run, such as `--html`), in order; `stop` is the progress view's. With no other observer it is
 * `progress` itself.
 */
export function combineObservers(progress: Progress, others: readonly RunObserver[]): Progress {
  if (others.length === 0) return progress;
  const all: RunObserver[] = [progress, ...others];
  const combined: Record<string, unknown> = { stop: () => progress.stop() };
  for (const method of Object.keys(METHODS) as Array<keyof RunObserver>) {
    combined[method] = (...args: unknown[]) => {
      for (const observer of all) {
        const handler = observer[method] as ((...handed: unknown[]) => void) | undefined;
        handler?.apply(observer, args);
      }
    };
  }
  return combined as unknown as Progress;
}
