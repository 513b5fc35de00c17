/**
 * A counting semaphore. One limiter is shared by every state of a run, so `--concurrency N` bounds the
 * number of job processes on the machine, not the number per state.
 */
export interface Limiter {
  /**
   * Runs `task` once fewer than `n` tasks are running, and settles as it settles. Waiting tasks start in
   * the order they asked (first come, first served), so no job starves behind later ones.
   *
   * @param signal when it aborts while the task is still waiting, the task is dropped without ever running
   *   and the returned promise rejects with `signal.reason`. A cancelled state must not keep waiting for a
   *   slot that other, still running states may hold for minutes. Once the task runs, the signal is the
   *   task's business.
   */
  run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T>;
}

/**
 * Creates a {@link Limiter} that lets at most `n` tasks run at once.
 *
 * @param n a positive integer.
 * @throws RangeError when `n` is not a positive integer.
 */
export function createLimiter(n: number): Limiter {
  if (!Number.isInteger(n) || n < 1) {
    throw new RangeError(`createLimiter: n must be a positive integer, got ${String(n)}`);
  }
  let running = 0;
  // Each entry hands a slot to one waiting task. A released slot passes straight to the next waiter
  // instead of being returned to the pool, so a task arriving meanwhile cannot jump the queue.
  const waiting: Array<() => void> = [];

  const release = (): void => {
    const next = waiting.shift();
    if (next) next();
    else running--;
  };

  const acquire = (signal: AbortSignal | undefined): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      if (running < n) {
        running++;
        resolve();
        return;
      }
      const onAbort = (): void => {
        const index = waiting.indexOf(grant);
        if (index >= 0) waiting.splice(index, 1);
        reject(signal?.reason);
      };
      const grant = (): void => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      };
      waiting.push(grant);
      signal?.addEventListener('abort', onAbort, { once: true });
    });

  return {
    async run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
      await acquire(signal);
      try {
        return await task();
      } finally {
        release();
      }
    },
  };
}
