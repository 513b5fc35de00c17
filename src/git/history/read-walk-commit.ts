import type { GitContext } from '../git-context.js';
import { loadCommitGraph } from '../object-database/load-commit-graph.js';
import { readObject } from '../object-database/read-object.js';
import { readShallow } from '../object-database/read-shallow.js';

/** What a history walk needs of a commit. */
export interface WalkCommit {
  oid: string;
  parents: string[];
  /** Committer time, seconds since the epoch. */
  committerTime: number;
  /** Its generation number in the commit-graph; `Infinity` for a commit the graph does not hold. */
  generation: number;
}

/**
 * A commit's parents, date and generation for a walk: from the commit-graph when the repository has one
 * that holds the commit (no object is read or inflated), else from the commit object (generation
 * `Infinity`, as git gives commits newer than its graph). Honours the shallow boundary either way (git
 * ignores the graph of a shallow repository). Memoised in the object database (`ctx.objectDatabase`).
 */
export async function readWalkCommit(ctx: GitContext, oid: string): Promise<WalkCommit> {
  const memo = ctx.objectDatabase.memo(readWalkCommit, () => new Map<string, WalkCommit>());
  const known = memo.get(oid);
  if (known) return known;
  const inGraph = loadCommitGraph(ctx)?.lookup(oid);
  let commit: WalkCommit;
  if (inGraph)
    commit = {
      oid,
      parents: inGraph.parents,
      committerTime: inGraph.committerTime,
      generation: inGraph.generation,
    };
  else {
    const object = await readObject(ctx, oid);
    if (object.type !== 'commit') throw new Error(`object ${oid} is a ${object.type}, not a commit`);
    const { parents, committerTime } = parseHeader(oid, object.content);
    // A shallow clone's boundary commits have no parents, for every walk, as in git.
    commit = {
      oid,
      parents: readShallow(ctx)?.has(oid) ? [] : parents,
      committerTime,
      generation: Number.POSITIVE_INFINITY,
    };
  }
  memo.set(oid, commit);
  return commit;
}

/**
 * The parents and committer time of a commit, read off its headers as git's parse_commit_buffer does
 * (`tree` first, then the `parent` lines, the first `committer`): a walk of a long history reads tens of
 * thousands of commits, and their messages and authors are not needed.
 */
function parseHeader(oid: string, content: Buffer): { parents: string[]; committerTime: number } {
  const end = content.indexOf('\n\n');
  const head = content.toString('latin1', 0, end < 0 ? content.length : end);
  const lines = head.split('\n');
  if (!/^tree [0-9a-f]{40}$/.test(lines[0] ?? ''))
    throw new Error(`corrupt commit ${oid}: it does not start with a tree`);
  const parents: string[] = [];
  let at = 1;
  for (; at < lines.length && lines[at].startsWith('parent '); at++) parents.push(lines[at].slice(7));
  const committer = lines.slice(at).find((line) => line.startsWith('committer '));
  const time = committer && /> (\d+) [+-]\d{4}$/.exec(committer);
  if (!time) throw new Error(`corrupt commit ${oid}: no committer date`);
  return { parents, committerTime: Number(time[1]) };
}
