import pLimit from 'p-limit';

/**
 * Maps `items` through the asynchronous `fn` with at most `limit` calls in flight, returning results in the
 * order of `items`. A pool rather than fixed batches: one slow item never holds back the other slots.
 * After the first rejection no further item is started (p-limit's queue is cleared), and that rejection
 * is thrown; calls already in flight run to their end.
 */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  if (!Number.isInteger(limit) || limit < 1) {
    throw new Error(`mapLimit: limit must be a positive integer, got ${limit}`);
  }
  const pool = pLimit(limit);
  return pool.map(items, async (item, index) => {
    try {
      return await fn(item, index);
    } catch (error) {
      // The cleared items' promises never settle; Promise.all has already rejected with this error.
      pool.clearQueue();
      throw error;
    }
  });
}
