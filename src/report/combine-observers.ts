import type { RunObserver } from '../core/types.js';
import type { Progress } from './types.js';

type Method = Exclude<keyof RunObserver, never>;
const METHODS: Method[] = [
  'queued',
  'stateStarted',
  'stateReset',
  'jobStarted',
  'jobFinished',
  'changeFinished',
  'warning',
];

/**
 * One `Progress` that hands every event to `progress` and then to each of `others` (the reporters that
 * watch the run, such as `--html`), in order; `stop` is the progress view's. With no other observer it is
 * `progress` itself.
 */
export function combineObservers(progress: Progress, others: readonly RunObserver[]): Progress {
  if (others.length === 0) return progress;
  const all: RunObserver[] = [progress, ...others];
  const combined: Record<string, unknown> = { stop: () => progress.stop() };
  for (const method of METHODS) {
    combined[method] = (...args: unknown[]) => {
      for (const observer of all) {
        const handler = observer[method] as ((...handed: unknown[]) => void) | undefined;
        handler?.apply(observer, args);
      }
    };
  }
  return combined as unknown as Progress;
}
