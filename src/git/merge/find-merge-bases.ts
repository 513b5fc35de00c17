import type { GitContext } from '../git-context.js';
import { readCommit, type CommitInfo } from '../read-commit.js';
import { letEventLoopRun } from './let-event-loop-run.js';

const ONE = 1;
const TWO = 2;
const STALE = 4;
const RESULT = 8;

/**
 * The best common ancestors of a commit made of the real commits `ones` (a virtual merge base, whose
 * history is theirs) and the commit `two`, as git's get_merge_bases finds them: paint_down_to_common
 * from both sides at once, newest commit first, then remove_redundant (a candidate reachable from
 * another is dropped). In git's order: newest committer date first, ties in the order found.
 *
 * One walk per question, however many commits `ones` holds, and nothing is kept but the answer: a
 * merge of a commit with dozens of merge bases asks this once per base.
 */
export async function findMergeBases(ctx: GitContext, ones: readonly string[], two: string): Promise<string[]> {
  if (ones.includes(two)) return [two];
  const candidates = await paintDownToCommon(ctx, ones, [two]);
  const bases = candidates.length < 2 ? candidates : await removeRedundant(ctx, candidates);
  const dated = await Promise.all(bases.map(async (oid, at) => ({ oid, at, time: (await readCommit(ctx, oid)).committerTime })));
  dated.sort((x, y) => y.time - x.time || x.at - y.at);
  return dated.map((d) => d.oid);
}

/** Commits painted from both sides and not reached from another such commit; `flags` keeps the paint. */
async function paintDownToCommon(ctx: GitContext, ones: readonly string[], twos: readonly string[], flags = new Map<string, number>()): Promise<string[]> {
  const queue = new CommitQueue();
  // Queued entries of each commit not yet stale, and in all: the walk ends when none is left (git's
  // queue_has_nonstale), and keeping the count beats scanning the queue on every step.
  const live = new Map<string, number>();
  let liveCount = 0;
  const mark = async (oid: string, flag: number) => {
    const now = (flags.get(oid) ?? 0) | flag;
    flags.set(oid, now);
    if (now & STALE) {
      liveCount -= live.get(oid) ?? 0;
      live.delete(oid);
    } else {
      live.set(oid, (live.get(oid) ?? 0) + 1);
      liveCount += 1;
    }
    queue.push(await readCommit(ctx, oid));
  };
  for (const oid of ones) await mark(oid, ONE);
  for (const oid of twos) await mark(oid, TWO);
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
    let flag = flags.get(commit.oid)! & (ONE | TWO | STALE);
    if (flag === (ONE | TWO)) {
      if (!(flags.get(commit.oid)! & RESULT)) {
        flags.set(commit.oid, flags.get(commit.oid)! | RESULT);
        result.push(commit.oid);
      }
      flag |= STALE;
    }
    for (const parent of commit.parents) {
      if (((flags.get(parent) ?? 0) & flag) === flag) continue;
      await mark(parent, flag);
    }
  }
  return result.filter((oid) => !(flags.get(oid)! & STALE));
}

/** remove_redundant: each candidate walked against the others; those reachable from another go. */
async function removeRedundant(ctx: GitContext, candidates: string[]): Promise<string[]> {
  const redundant = new Set<string>();
  for (const candidate of candidates) {
    if (redundant.has(candidate)) continue;
    const others = candidates.filter((other) => other !== candidate && !redundant.has(other));
    if (others.length === 0) break;
    const flags = new Map<string, number>();
    await paintDownToCommon(ctx, [candidate], others, flags);
    if ((flags.get(candidate) ?? 0) & TWO) redundant.add(candidate);
    for (const other of others) if ((flags.get(other) ?? 0) & ONE) redundant.add(other);
  }
  return candidates.filter((oid) => !redundant.has(oid));
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
