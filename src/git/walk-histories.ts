import { UserError } from '../errors/specgate-error.js';
import type { GitContext } from './git-context.js';
import { isAncestor } from './is-ancestor.js';
import { loadCommitGraph } from './objects/load-commit-graph.js';
import { readShallow } from './objects/read-shallow.js';
import { readWalkCommit, type WalkCommit } from './read-walk-commit.js';

/** How two commits' histories relate, by commit id. */
export interface HistoryWalk {
  /** The best common ancestors of the two commits (usually one; none for unrelated histories). */
  mergeBases: string[];
  /** Commits reachable from `tip` but not from `target`, newest first (unless not asked for). */
  tipOnly: string[];
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
 * touches only the commits between the two tips and their merge bases, not the whole history. Parents,
 * dates and generation numbers come from the commit-graph where it has the commit, and the walk is in
 * generation order where git's is (corrected commit dates). A shallow clone's boundary commits have no
 * parents; when the walk reaches one and finds no common ancestor, the result is unknowable.
 *
 * @throws UserError `SHALLOW_BOUNDARY` when the merge base is beyond the shallow boundary.
 */
export function walkHistories(ctx: GitContext, args: { tip: string; target: string; tipOnly?: boolean }): Promise<HistoryWalk> {
  const { tip, target } = args;
  // The queue resolution, the merge operations and the merge-base search ask about the same pairs again;
  // a walk for the merge bases alone can use a full walk of either direction.
  let memo = memos.get(ctx.cache);
  if (!memo) memos.set(ctx.cache, (memo = new Map()));
  const full = `${tip}..${target}`;
  if (args.tipOnly === false) {
    const known = memo.get(full) ?? memo.get(`${target}..${tip}`) ?? memo.get(`${target}...${tip}`);
    if (known) return known;
  }
  const key = args.tipOnly === false ? `${tip}...${target}` : full;
  let walked = memo.get(key);
  if (!walked) memo.set(key, (walked = walk(ctx, tip, target, args.tipOnly !== false)));
  return walked;
}

const memos = new WeakMap<object, Map<string, Promise<HistoryWalk>>>();

/** A queued commit and its place in the walk's order. */
interface Queued extends WalkCommit {
  /** The generation the queue orders by: `Infinity` unless git would order this walk by generation. */
  key: number;
}

async function walk(ctx: GitContext, tip: string, target: string, wantTipOnly: boolean): Promise<HistoryWalk> {
  if (tip === target) return { mergeBases: [tip], tipOnly: [] };
  // git orders this walk by generation (then date) only when the commit-graph has corrected commit dates;
  // with topological levels, or no graph, by date alone.
  const byGeneration = loadCommitGraph(ctx)?.correctedDates === true;
  const shallow = readShallow(ctx);
  let reachedShallow = false;
  const flags = new Map<string, number>();
  const commits = new Map<string, Queued>();
  const queue = new CommitQueue();
  // How many queued entries of each commit are not stale, and in all: the walk ends when none is left,
  // and keeping the count beats scanning the queue on every step (git's queue_has_nonstale).
  const live = new Map<string, number>();
  let liveCount = 0;
  // Commits painted from one side, not stale, and not popped since: what can still find a common ancestor.
  const tipFrontier = new Set<string>();
  const targetFrontier = new Set<string>();
  const mark = async (oid: string, flag: number) => {
    const now = (flags.get(oid) ?? 0) | flag;
    flags.set(oid, now);
    if (now & FROM_TIP && !(now & STALE)) tipFrontier.add(oid);
    else tipFrontier.delete(oid);
    if (now & FROM_TARGET && !(now & STALE)) targetFrontier.add(oid);
    else targetFrontier.delete(oid);
    if (now & STALE) {
      liveCount -= live.get(oid) ?? 0;
      live.delete(oid);
    } else {
      live.set(oid, (live.get(oid) ?? 0) + 1);
      liveCount += 1;
    }
    let commit = commits.get(oid);
    if (!commit) {
      const read = await readWalkCommit(ctx, oid);
      commit = { ...read, key: byGeneration ? read.generation : Number.POSITIVE_INFINITY };
      commits.set(oid, commit);
      if (shallow?.has(oid)) reachedShallow = true;
    }
    queue.push(commit);
  };
  await mark(tip, FROM_TIP);
  await mark(target, FROM_TARGET);

  const candidates: string[] = [];
  // Once nothing live is left, git's walk stops. But a commit may be dated before its own child (clock
  // skew): a target-side entry still queued below a tip-only commit's date can reach it. So the stale
  // paint goes on down to an hour below the oldest tip-only commit, as git's rev-list keeps a slop. In
  // generation order only commits outside the commit-graph can be out of order: no commit in the graph
  // reaches one outside it, and a commit in the graph has all its paint when it is popped.
  //
  // In generation order the walk also ends, before git's would, once nothing painted from the tip is left
  // to walk and only commits of the graph are queued: what is left is the target's own history, which can
  // neither reach a commit already walked nor meet the tip's paint again. The same holds the other way
  // round when the commits only the tip has are not wanted. The bases are git's all the same (a base git
  // would have painted stale on the way down is an ancestor of another, removed below).
  let floor: number | undefined;
  for (;;) {
    const next = queue.peek();
    if (!next) break;
    if (byGeneration && next.key !== Number.POSITIVE_INFINITY && (tipFrontier.size === 0 || (!wantTipOnly && targetFrontier.size === 0))) break;
    if (liveCount === 0) {
      if (next.key !== Number.POSITIVE_INFINITY) break;
      floor ??= oldestTipOnly(flags, commits) - SKEW_SLOP_SECONDS;
      if (next.committerTime < floor) break;
    }
    const commit = queue.pop()!;
    tipFrontier.delete(commit.oid);
    targetFrontier.delete(commit.oid);
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

  // A candidate painted STALE later was reached from another candidate: it is an ancestor of a better base.
  const bases = candidates.filter((oid) => !(flags.get(oid)! & STALE));
  if (bases.length === 0 && reachedShallow) throw beyondBoundary(tip, target);
  const tipOnly: Queued[] = [];
  if (wantTipOnly) for (const [oid, flag] of flags) {
    if (flag & FROM_TIP && !(flag & FROM_TARGET)) tipOnly.push(commits.get(oid)!);
  }
  tipOnly.sort((a, b) => b.committerTime - a.committerTime);
  return { mergeBases: await removeRedundant(ctx, bases), tipOnly: tipOnly.map((commit) => commit.oid) };
}

/**
 * The histories met no common commit, and the walk reached the shallow boundary: whether they share one
 * below it, and which, only more history can tell (git would refuse the merge as unrelated).
 */
function beyondBoundary(tip: string, target: string): UserError {
  return new UserError(
    'SHALLOW_BOUNDARY',
    `the merge base of ${tip.slice(0, 12)} and ${target.slice(0, 12)} is beyond the boundary of this shallow clone: ` +
      'fetch more history (`git fetch --deepen=N`, or `git fetch --unshallow`; on GitHub Actions `fetch-depth: 0`)',
  );
}

/** The committer time of the oldest commit outside the graph painted from the tip only (Infinity when none). */
function oldestTipOnly(flags: Map<string, number>, commits: Map<string, Queued>): number {
  let oldest = Number.POSITIVE_INFINITY;
  for (const commit of commits.values()) {
    const flag = flags.get(commit.oid)!;
    if (flag & FROM_TIP && !(flag & FROM_TARGET) && commit.key === Number.POSITIVE_INFINITY) oldest = Math.min(oldest, commit.committerTime);
  }
  return oldest;
}

/** Drops every base that is an ancestor of another (criss-cross histories). */
async function removeRedundant(ctx: GitContext, bases: string[]): Promise<string[]> {
  if (bases.length < 2) return bases;
  const kept: string[] = [];
  for (const base of bases) {
    let redundant = false;
    for (const other of bases) {
      if (other !== base && (await isAncestor(ctx, base, other))) {
        redundant = true;
        break;
      }
    }
    if (!redundant) kept.push(base);
  }
  return kept;
}

/** Whether `a` is walked before `b`: the higher generation first, then the later committer time. */
function before(a: Queued, b: Queued): boolean {
  return a.key !== b.key ? a.key > b.key : a.committerTime > b.committerTime;
}

/** Commits ordered as git's walk orders them: by generation when it does, then newest first. */
class CommitQueue {
  private readonly heap: Queued[] = [];

  push(commit: Queued): void {
    const heap = this.heap;
    heap.push(commit);
    for (let i = heap.length - 1; i > 0; ) {
      const parent = (i - 1) >> 1;
      if (!before(heap[i], heap[parent])) break;
      [heap[parent], heap[i]] = [heap[i], heap[parent]];
      i = parent;
    }
  }

  peek(): Queued | undefined {
    return this.heap[0];
  }

  pop(): Queued | undefined {
    const heap = this.heap;
    const top = heap[0];
    const last = heap.pop();
    if (heap.length > 0 && last) {
      heap[0] = last;
      for (let i = 0; ; ) {
        const left = 2 * i + 1;
        const right = left + 1;
        let largest = i;
        if (left < heap.length && before(heap[left], heap[largest])) largest = left;
        if (right < heap.length && before(heap[right], heap[largest])) largest = right;
        if (largest === i) break;
        [heap[largest], heap[i]] = [heap[i], heap[largest]];
        i = largest;
      }
    }
    return top;
  }
}
