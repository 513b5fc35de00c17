import type { GitContext } from './git-context.js';
import { readCommit, type CommitInfo } from './read-commit.js';

/** How two commits' histories relate. */
export interface HistoryComparison {
  /** The best common ancestors of the two commits (usually one; none for unrelated histories). */
  mergeBases: string[];
  /** Commits reachable from `tip` but not from `target`, newest first: the commits a change brings. */
  tipOnly: CommitInfo[];
}

/** How far below the oldest tip-only commit the walk goes on, for commits dated before their parents. */
const SKEW_SLOP_SECONDS = 60 * 60;

const FROM_TIP = 1;
const FROM_TARGET = 2;
const STALE = 4;
const BASE = 8;

/**
 * Walks the histories of `tip` and `target` together, newest commit first, painting each commit with the
 * side(s) it is reachable from, and stops as soon as every commit still queued is below a common ancestor
 * (git's paint-down-to-common). One walk gives both the merge bases and the commits only `tip` has, and it
 * touches only the commits between the two tips and their merge bases, not the whole history.
 */
export function compareHistories(ctx: GitContext, tip: string, target: string): Promise<HistoryComparison> {
  // The queue resolution, the merge operations and the merge-base search ask about the same pairs again.
  let memo = memos.get(ctx.cache);
  if (!memo) memos.set(ctx.cache, (memo = new Map()));
  const key = `${tip}..${target}`;
  let comparison = memo.get(key);
  if (!comparison) memo.set(key, (comparison = walk(ctx, tip, target)));
  return comparison;
}

const memos = new WeakMap<object, Map<string, Promise<HistoryComparison>>>();

async function walk(ctx: GitContext, tip: string, target: string): Promise<HistoryComparison> {
  const flags = new Map<string, number>();
  const queue = new CommitQueue();
  // How many queued entries of each commit are not stale, and in all: the walk ends when none is left,
  // and keeping the count beats scanning the queue on every step (git's queue_has_nonstale).
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
  if (tip === target) return { mergeBases: [tip], tipOnly: [] };
  await mark(tip, FROM_TIP);
  await mark(target, FROM_TARGET);

  const candidates: string[] = [];
  // Once nothing live is left, git's walk stops. But a commit may be dated before its own child (clock
  // skew): a target-side entry still queued below a tip-only commit's date can reach it. So the stale
  // paint goes on down to an hour below the oldest tip-only commit, as git's rev-list keeps a slop.
  let floor: number | undefined;
  for (;;) {
    if (liveCount === 0) {
      floor ??= oldestTipOnly(flags, await Promise.all([...flags.keys()].map((oid) => readCommit(ctx, oid)))) - SKEW_SLOP_SECONDS;
      const next = queue.peek();
      if (!next || next.committerTime < floor) break;
    }
    const commit = queue.pop()!;
    const entries = live.get(commit.oid);
    if (entries) {
      liveCount -= 1;
      if (entries === 1) live.delete(commit.oid);
      else live.set(commit.oid, entries - 1);
    }
    let flag = flags.get(commit.oid)! & (FROM_TIP | FROM_TARGET | STALE);
    if (flag === (FROM_TIP | FROM_TARGET)) {
      if (!(flags.get(commit.oid)! & BASE)) {
        flags.set(commit.oid, flags.get(commit.oid)! | BASE);
        candidates.push(commit.oid);
      }
      flag |= STALE;
    }
    for (const parent of commit.parents) {
      if (((flags.get(parent) ?? 0) & flag) === flag) continue;
      await mark(parent, flag);
    }
  }

  const tipOnly: CommitInfo[] = [];
  for (const [oid, flag] of flags) {
    if (flag & FROM_TIP && !(flag & FROM_TARGET)) tipOnly.push(await readCommit(ctx, oid));
  }
  tipOnly.sort((a, b) => b.committerTime - a.committerTime);
  // A candidate painted STALE later was reached from another candidate: it is an ancestor of a better base.
  const bases = candidates.filter((oid) => !(flags.get(oid)! & STALE));
  return { mergeBases: await removeRedundant(ctx, bases), tipOnly };
}

/** The committer time of the oldest commit painted from the tip only (Infinity when there is none). */
function oldestTipOnly(flags: Map<string, number>, commits: CommitInfo[]): number {
  let oldest = Number.POSITIVE_INFINITY;
  for (const commit of commits) {
    const flag = flags.get(commit.oid)!;
    if (flag & FROM_TIP && !(flag & FROM_TARGET)) oldest = Math.min(oldest, commit.committerTime);
  }
  return oldest;
}

/** Drops every base that is an ancestor of another (criss-cross histories; rare, so a plain check). */
async function removeRedundant(ctx: GitContext, bases: string[]): Promise<string[]> {
  if (bases.length < 2) return bases;
  const kept: string[] = [];
  for (const base of bases) {
    let redundant = false;
    for (const other of bases) {
      if (other !== base && (await compareHistories(ctx, base, other)).tipOnly.length === 0) redundant = true;
    }
    if (!redundant) kept.push(base);
  }
  return kept;
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

  peek(): CommitInfo | undefined {
    return this.heap[0];
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
