import type { GitContext } from '../git-context.js';
import { letEventLoopRun } from './let-event-loop-run.js';
import { loadCommitGraph } from '../object-database/load-commit-graph.js';
import { readShallow } from '../object-database/read-shallow.js';
import { readWalkCommit, type WalkCommit } from './read-walk-commit.js';

/** The paint of a walk: which side(s) reached a commit. */
export const PAINT = { one: 1, two: 2, stale: 4, result: 8 } as const;

/** What a walk leaves: its merge base candidates and the paint of every commit it reached. */
export interface Painting {
  /** Commits reached from both sides and from no other such commit, in the order the walk found them. */
  candidates: string[];
  /** The paint of every commit reached (virtual commits included), by commit id. */
  flags: Map<string, number>;
  /** Every real commit the walk read, by commit id. */
  commits: Map<string, WalkCommit>;
  /** Whether the walk reached a commit of a shallow clone's boundary. */
  reachedShallow: boolean;
}

/** How far below the oldest one-only commit the walk goes on, for commits dated before their parents. */
const SKEW_SLOP_SECONDS = 60 * 60;

/** A commit in the walk: a real one, or a virtual merge base standing for the commits it merged. */
interface Node extends WalkCommit {
  /** The generation the queue orders by: `Infinity` unless git would order this walk by generation. */
  key: number;
  virtual: boolean;
}

/**
 * git's paint_down_to_common: walks from the commit `ones` stands for and from every commit of `twos`
 * together, in git's order, painting each commit with the side(s) it is reachable from, and stops once
 * every commit still queued is below a commit reached from both. One commit in `ones` is itself; several
 * are a virtual merge base, as merge-ort makes one from the merge bases of a criss-cross history (each
 * merged one into the next: a commit without a date whose parents are the previous virtual commit and the
 * next base), so its history is theirs.
 *
 * Parents, dates and generation numbers come from the commit-graph where it holds the commit, and the
 * walk is in generation order (then date, then the order queued, as git's prio_queue) where git's is
 * (corrected commit dates); else by date alone, and then the commits of `ones` are queued themselves,
 * with their dates (the merge bases are the same; a dateless virtual commit would be walked last, after
 * the whole history of `twos`). A shallow clone's boundary commits have no parents.
 *
 * In generation order the walk ends, before git's would, once nothing painted from `ones` is left to
 * walk, or (unless `oneOnly`) nothing from `twos`, and only commits of the graph are queued: what is left
 * can neither reach a commit already walked nor meet the other side's paint again, so no candidate is
 * missed that another does not reach. `exact` keeps git's full walk, for a caller that reads the paint
 * (remove_redundant), and `minGeneration` stops it, as git's, at the first commit below that generation.
 * With `oneOnly`, the walk goes on below git's end for commits dated before their parents (clock skew),
 * down to an hour below the oldest commit only `ones` reaches, so that those are exactly rev-list's.
 * The event loop gets a turn now and then.
 */
export async function paintDownToCommon(
  ctx: GitContext,
  args: {
    ones: readonly string[];
    twos: readonly string[];
    oneOnly?: boolean;
    exact?: boolean;
    minGeneration?: number;
  },
): Promise<Painting> {
  const { ones, twos, oneOnly = false, exact = false, minGeneration = 0 } = args;
  // git orders this walk by generation (then date) only when the commit-graph has corrected commit dates;
  // with topological levels, or no graph, by date alone.
  const byGeneration = loadCommitGraph(ctx)?.correctedDates === true;
  const shallow = readShallow(ctx);
  let reachedShallow = false;
  const flags = new Map<string, number>();
  const commits = new Map<string, Node>();
  const queue = new CommitQueue();
  // How many queued entries of each commit are not stale, and in all: the walk ends when none is left,
  // and keeping the count beats scanning the queue on every step (git's queue_has_nonstale).
  const live = new Map<string, number>();
  let liveCount = 0;
  // Commits painted from one side, not stale, and not popped since: what can still find a common ancestor.
  const oneFrontier = new Set<string>();
  const twoFrontier = new Set<string>();
  const mark = async (oid: string, flag: number) => {
    const now = (flags.get(oid) ?? 0) | flag;
    flags.set(oid, now);
    if (now & PAINT.one && !(now & PAINT.stale)) oneFrontier.add(oid);
    else oneFrontier.delete(oid);
    if (now & PAINT.two && !(now & PAINT.stale)) twoFrontier.add(oid);
    else twoFrontier.delete(oid);
    if (now & PAINT.stale) {
      liveCount -= live.get(oid) ?? 0;
      live.delete(oid);
    } else {
      live.set(oid, (live.get(oid) ?? 0) + 1);
      liveCount += 1;
    }
    let commit = commits.get(oid);
    if (!commit) {
      const read = await readWalkCommit(ctx, oid);
      commit = { ...read, key: byGeneration ? read.generation : Number.POSITIVE_INFINITY, virtual: false };
      commits.set(oid, commit);
      if (shallow?.has(oid)) reachedShallow = true;
    }
    queue.push(commit);
  };
  if (ones.length === 1 || !byGeneration) {
    for (const oid of ones) await mark(oid, PAINT.one);
  } else {
    // merge-ort's chain of virtual commits: the first merges ones[0] and ones[1], each next one the
    // previous virtual commit and the next real one. Undated, and outside the graph (generation Infinity).
    let previous = ones[0];
    for (const [at, oid] of ones.slice(1).entries()) {
      const id = `virtual:${at}`;
      commits.set(id, {
        oid: id,
        parents: [previous, oid],
        committerTime: 0,
        generation: Number.POSITIVE_INFINITY,
        key: Number.POSITIVE_INFINITY,
        virtual: true,
      });
      previous = id;
    }
    await mark(previous, PAINT.one);
  }
  for (const oid of twos) await mark(oid, PAINT.two);

  const found: string[] = [];
  let floor: number | undefined;
  let steps = 0;
  for (;;) {
    if ((++steps & 255) === 0) await letEventLoopRun();
    const next = queue.peek();
    if (!next) break;
    if (minGeneration > 0 && byGeneration && next.generation < minGeneration) break;
    if (
      !exact &&
      byGeneration &&
      next.key !== Number.POSITIVE_INFINITY &&
      (oneFrontier.size === 0 || (!oneOnly && twoFrontier.size === 0))
    )
      break;
    if (liveCount === 0) {
      if (!oneOnly || next.key !== Number.POSITIVE_INFINITY) break;
      floor ??= oldestOneOnly(flags, commits) - SKEW_SLOP_SECONDS;
      if (next.committerTime < floor) break;
    }
    const commit = queue.pop()!;
    oneFrontier.delete(commit.oid);
    twoFrontier.delete(commit.oid);
    const entries = live.get(commit.oid);
    if (entries) {
      liveCount -= 1;
      if (entries === 1) live.delete(commit.oid);
      else live.set(commit.oid, entries - 1);
    }
    let flag = flags.get(commit.oid)! & (PAINT.one | PAINT.two | PAINT.stale);
    if (flag === (PAINT.one | PAINT.two)) {
      if (!(flags.get(commit.oid)! & PAINT.result)) {
        flags.set(commit.oid, flags.get(commit.oid)! | PAINT.result);
        found.push(commit.oid);
      }
      flag |= PAINT.stale;
    }
    for (const parent of commit.parents) {
      if (((flags.get(parent) ?? 0) & flag) === flag) continue;
      await mark(parent, flag);
    }
  }

  // A candidate painted stale later was reached from another candidate: it is an ancestor of a better one.
  const real = new Map<string, WalkCommit>();
  for (const [oid, commit] of commits) if (!commit.virtual) real.set(oid, commit);
  return {
    candidates: found.filter((oid) => !(flags.get(oid)! & PAINT.stale)),
    flags,
    commits: real,
    reachedShallow,
  };
}

/** The committer time of the oldest commit outside the graph painted from `ones` only (Infinity when none). */
function oldestOneOnly(flags: Map<string, number>, commits: Map<string, Node>): number {
  let oldest = Number.POSITIVE_INFINITY;
  for (const commit of commits.values()) {
    const flag = flags.get(commit.oid) ?? 0;
    if (!commit.virtual && flag & PAINT.one && !(flag & PAINT.two) && commit.key === Number.POSITIVE_INFINITY)
      oldest = Math.min(oldest, commit.committerTime);
  }
  return oldest;
}

/** A queue entry: a commit, and when it was queued (git's prio_queue breaks ties first come, first out). */
interface Entry {
  node: Node;
  at: number;
}

/** Whether `a` is walked before `b`: the higher generation first, then the later committer time, then FIFO. */
function before(a: Entry, b: Entry): boolean {
  if (a.node.key !== b.node.key) return a.node.key > b.node.key;
  if (a.node.committerTime !== b.node.committerTime) return a.node.committerTime > b.node.committerTime;
  return a.at < b.at;
}

/** Commits ordered as git's walk orders them. */
class CommitQueue {
  private readonly heap: Entry[] = [];
  private queued = 0;

  push(node: Node): void {
    const heap = this.heap;
    heap.push({ node, at: this.queued++ });
    for (let i = heap.length - 1; i > 0;) {
      const parent = (i - 1) >> 1;
      if (!before(heap[i], heap[parent])) break;
      [heap[parent], heap[i]] = [heap[i], heap[parent]];
      i = parent;
    }
  }

  peek(): Node | undefined {
    return this.heap[0]?.node;
  }

  pop(): Node | undefined {
    const heap = this.heap;
    const top = heap[0];
    const last = heap.pop();
    if (heap.length > 0 && last) {
      heap[0] = last;
      for (let i = 0; ;) {
        const left = 2 * i + 1;
        const right = left + 1;
        let first = i;
        if (left < heap.length && before(heap[left], heap[first])) first = left;
        if (right < heap.length && before(heap[right], heap[first])) first = right;
        if (first === i) break;
        [heap[first], heap[i]] = [heap[i], heap[first]];
        i = first;
      }
    }
    return top?.node;
  }
}
