/**
 * A counting semaphore whose waiters are served by priority. One limiter is shared by every state of a run,
 * so `--concurrency N` bounds the number of processes on the machine (jobs and prepare steps together), not
 * the number per state.
 */
export interface Limiter {
  /**
   * Runs `task` once fewer than `n` tasks are running, and settles as it settles. A free slot goes to the
   * waiting task of lowest `priority` (the position in the queue of the change it works for, so that the
   * head of the queue is served before its tail), and among equal priorities to the one that asked first,
   * so no task starves behind later ones of its own rank.
   *
   * @param signal when it aborts while the task is still waiting, the task is dropped without ever running
   *   and the returned promise rejects with `signal.reason`. A cancelled state must not keep waiting for a
   *   slot that other, still running states may hold for minutes. Once the task runs, the signal is the
   *   task's business.
   * @param priority lower runs first; default 0.
   */
  run<T>(task: () => Promise<T>, signal?: AbortSignal, priority?: number): Promise<T>;
}

interface Waiter {
  priority: number;
  order: number;
  start: () => void;
}

/**
 * Creates a {@link Limiter} that lets at most `n` tasks run at once. A task asked for while a slot is free
 * starts at once (in the same tick); the others wait in a list kept in (priority, arrival) order, and each
 * finished task hands its slot to the first of them. An aborted waiter leaves the list and rejects at once.
 *
 * Hand-written: p-limit has no priority, and p-queue, which has one, frees a running task's slot as soon as
 * its signal aborts, while the job's processes are still being stopped (README, "Written by hand").
 *
 * @param n a positive integer.
 * @throws RangeError when `n` is not a positive integer.
 */
export function createLimiter(n: number): Limiter {
  if (!Number.isInteger(n) || n < 1) {
    throw new RangeError(`createLimiter: n must be a positive integer, got ${String(n)}`);
  }
  let running = 0;
  let arrivals = 0;
  const waiting: Waiter[] = [];
  const next = (): void => {
    running -= 1;
    const waiter = waiting.shift();
    if (waiter) {
      running += 1;
      waiter.start();
    }
  };
  const enqueue = (waiter: Waiter): void => {
    // After every waiter that ranks before or with it: FIFO within a priority.
    let at = waiting.length;
    while (at > 0 && waiting[at - 1].priority > waiter.priority) at -= 1;
    waiting.splice(at, 0, waiter);
  };
  return {
    run<T>(task: () => Promise<T>, signal?: AbortSignal, priority = 0): Promise<T> {
      if (signal?.aborted) return Promise.reject(signal.reason);
      return new Promise<T>((resolve, reject) => {
        const go = (): void => {
          signal?.removeEventListener('abort', onAbort);
          let settled: Promise<T>;
          try {
            settled = task();
          } catch (error) {
            settled = Promise.reject(error);
          }
          settled.then(resolve, reject).finally(next);
        };
        const waiter: Waiter = { priority, order: arrivals++, start: go };
        const onAbort = (): void => {
          const at = waiting.indexOf(waiter);
          if (at >= 0) waiting.splice(at, 1);
          reject(signal?.reason);
        };
        if (running < n) {
          running += 1;
          go();
          return;
        }
        enqueue(waiter);
        // Listen only while waiting: once it runs, abort is the task's business.
        signal?.addEventListener('abort', onAbort, { once: true });
      });
    },
  };
}
