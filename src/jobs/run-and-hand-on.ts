import type { Limiter } from './create-limiter.js';

/** What `runAndHandOn` gives back once its task has finished. */
export interface HandedOn<T> {
  result: T;
  /**
   * The limiter for what follows: its first task runs at once in the slot `task` held (when it was kept),
   * every later one asks `limiter` as usual.
   */
  next: Limiter;
  /** Gives the kept slot back if `next` has not claimed it; idempotent. Call it once the follow-up is over. */
  release: () => void;
}

/**
 * Runs `task` in a slot of `limiter` and, when `keep(result)`, keeps that slot for the first task asked of
 * `next` instead of giving it to the queue: a state's preparation hands its slot to the state's first job.
 * Without it, under `-j 1` the slot freed by the head's `npm ci` would go to whatever waits (the tail's
 * preparation, or its jobs) before the head's own job has had the time to ask, and the head would finish
 * last.
 *
 * The caller must call `release` (in a `finally`) once it will ask nothing more of `next`, or the slot is
 * held forever.
 *
 * @returns rejects as `limiter.run` does (a waiting task whose `signal` aborts), or with `task`'s error.
 */
export function runAndHandOn<T>(args: {
  limiter: Limiter;
  task: () => Promise<T>;
  keep: (result: T) => boolean;
  signal?: AbortSignal;
  priority?: number;
}): Promise<HandedOn<T>> {
  const { limiter } = args;
  let release = (): void => {};
  const released = new Promise<void>((resolve) => (release = resolve));
  return new Promise<HandedOn<T>>((resolve, reject) => {
    limiter
      .run(
        async () => {
          const result = await args.task();
          const kept = args.keep(result);
          let claimed = !kept;
          const next: Limiter = {
            run<R>(task: () => Promise<R>, signal?: AbortSignal, priority?: number): Promise<R> {
              if (claimed) return limiter.run(task, signal, priority);
              claimed = true;
              if (signal?.aborted) {
                release();
                return Promise.reject(signal.reason);
              }
              let running: Promise<R>;
              try {
                running = task();
              } catch (error) {
                running = Promise.reject(error);
              }
              return running.finally(release);
            },
          };
          resolve({ result, next, release });
          // The slot stays taken until the follow-up's first task is over, or the caller lets it go.
          if (kept) await released;
        },
        args.signal,
        args.priority,
      )
      .catch(reject);
  });
}
