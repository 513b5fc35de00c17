import pLimit from 'p-limit';

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
 * Creates a {@link Limiter} that lets at most `n` tasks run at once. The queue is p-limit's (first come,
 * first served; a finished task's slot goes to the oldest waiter); what p-limit lacks is the per-task
 * abort, added here: an aborted waiter's promise rejects at once, and when its turn comes it gives the slot
 * back without running.
 *
 * @param n a positive integer.
 * @throws RangeError when `n` is not a positive integer.
 */
export function createLimiter(n: number): Limiter {
  if (!Number.isInteger(n) || n < 1) {
    throw new RangeError(`createLimiter: n must be a positive integer, got ${String(n)}`);
  }
  const limit = pLimit(n);
  return {
    run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
      if (!signal) return limit(task);
      if (signal.aborted) return Promise.reject(signal.reason);
      return new Promise<T>((resolve, reject) => {
        const onAbort = (): void => reject(signal.reason);
        limit(async () => {
          signal.removeEventListener('abort', onAbort);
          // Aborted while waiting: already rejected (rejecting again is a no-op); only the slot is handed on.
          signal.throwIfAborted();
          return task();
        }).then(resolve, reject);
        // Listen only while waiting (the task is the last one queued): once it runs, abort is its business.
        if (limit.pendingCount > 0) signal.addEventListener('abort', onAbort, { once: true });
      });
    },
  };
}
