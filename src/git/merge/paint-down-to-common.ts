import type { GitContext } from '../git-context.js';
import { readCommit, type CommitInfo } from '../read-commit.js';
import { letEventLoopRun } from './let-event-loop-run.js';

/** The paint of a walk: which side(s) reached a commit. */
export const PAINT = { one: 1, two: 2, stale: 4, result: 8 } as const;

/**
 * git's paint_down_to_common: walks from `ones` and `twos` together, newest committer date first,
 * painting each commit with the side(s) it is reachable from, and stops once every queued commit is
 * below a commit reached from both. Returns those commits (merge base candidates) that no other
 * candidate reaches; `flags` (if given) keeps the paint, for remove_redundant. Gives the event loop a
 * turn now and then, so a long walk does not hold off signal handlers.
 */
export async function paintDownToCommon(args: {
  ctx: GitContext;
  ones: readonly string[];
  twos: readonly string[];
  flags?: Map<string, number>;
}): Promise<string[]> {
  const { ctx, ones, twos, flags = new Map<string, number>() } = args;
  const queue = new CommitQueue();
  // Queued entries of each commit not yet stale, and in all: the walk ends when none is left (git's
  // queue_has_nonstale), and keeping the count beats scanning the queue on every step.
  const live = new Map<string, number>();
  let liveCount = 0;
  /** Paints `oid` with `flag`; the caller then queues the commit. */
  const paint = (oid: string, flag: number): void => {
    const now = (flags.get(oid) ?? 0) | flag;
    flags.set(oid, now);
    if (now & PAINT.stale) {
      liveCount -= live.get(oid) ?? 0;
      live.delete(oid);
    } else {
      live.set(oid, (live.get(oid) ?? 0) + 1);
      liveCount += 1;
    }
  };
  for (const oid of ones) {
    paint(oid, PAINT.one);
    queue.push(await readCommit(ctx, oid));
  }
  for (const oid of twos) {
    paint(oid, PAINT.two);
    queue.push(await readCommit(ctx, oid));
  }
  const result: string[] = [];
  let steps = 0;
  while (liveCount > 0) {
    if ((++steps & 255) === 0) await letEventLoopRun();
    const commit = queue.pop()!;
    const entries = live.get(commit.oid);
    if (entries) {
      liveCount -= 1;
      if (entries === 1) live.delete(commit.oid);
      else live.set(commit.oid, entries - 1);
    }
    const own = flags.get(commit.oid)!;
    let flag = own & (PAINT.one | PAINT.two | PAINT.stale);
    if (flag === (PAINT.one | PAINT.two)) {
      if (!(own & PAINT.result)) {
        flags.set(commit.oid, own | PAINT.result);
        result.push(commit.oid);
      }
      flag |= PAINT.stale;
    }
    for (const parent of commit.parents) {
      if (((flags.get(parent) ?? 0) & flag) === flag) continue;
      paint(parent, flag);
      queue.push(await readCommit(ctx, parent));
    }
  }
  return result.filter((oid) => !(flags.get(oid)! & PAINT.stale));
}

/** Commits ordered newest first by committer time, as git's walk orders them. */
class CommitQueue {
  private readonly heap: CommitInfo[] = [];

  push(commit: CommitInfo): void {
    const heap = this.heap;
    heap.push(commit);
    for (let i = heap.length - 1; i > 0; ) {
      const parent = (i - 1) >> 1;
      if (heap[parent].committerTime >= heap[i].committerTime) break;
      [heap[parent], heap[i]] = [heap[i], heap[parent]];
      i = parent;
    }
  }

  pop(): CommitInfo | undefined {
    const heap = this.heap;
    const top = heap[0];
    const last = heap.pop();
    if (heap.length > 0 && last) {
      heap[0] = last;
      for (let i = 0; ; ) {
        const left = 2 * i + 1;
        const right = left + 1;
        let largest = i;
        if (left < heap.length && heap[left].committerTime > heap[largest].committerTime) largest = left;
        if (right < heap.length && heap[right].committerTime > heap[largest].committerTime) largest = right;
        if (largest === i) break;
        [heap[largest], heap[i]] = [heap[i], heap[largest]];
        i = largest;
      }
    }
    return top;
  }
}
