import type { GitContext } from './git-context.js';
import { parseCommit } from './objects/parse-commit.js';
import { parseTree } from './objects/parse-tree.js';
import { readObject } from './objects/read-object.js';

interface TreeEntry {
  path: string;
  oid: string;
  mode: string;
  type: 'blob' | 'tree' | 'commit';
}

/**
 * The repo-relative paths (`/`-separated, no leading slash) that differ between the trees of `base` and
 * `tip`: files added, deleted, modified or whose mode changed (executable bit, file ↔ symlink), and
 * submodule entries whose commit changed. A renamed file counts twice, under its old and its new path (no
 * rename detection: a job that watches where a file was must see it go). A file replaced by a directory
 * counts as the file plus every file of the directory. Sorted in byte order, as `git diff --name-only
 * --no-renames base tip` prints them.
 *
 * Only subtrees whose ids differ are read: a change that touches one directory of a large repository
 * costs a few tree reads, not a walk of the whole tree.
 *
 * @param args.tip a commit (or tree) id: the change's tip.
 * @param args.base a commit (or tree) id: the change's merge base with its target (for a change, the
 *   first of `compareHistories(ctx, tip, target).mergeBases`, as `git diff target...tip` takes it), or
 *   undefined for the empty tree (unrelated histories: every file of `tip` counts).
 */
export async function listChangedFiles(ctx: GitContext, args: { tip: string; base?: string }): Promise<string[]> {
  const [baseTree, tipTree] = await Promise.all([args.base === undefined ? undefined : rootTree(ctx, args.base), rootTree(ctx, args.tip)]);
  const paths: string[] = [];
  await visit(ctx, baseTree, tipTree, '', paths);
  return sortByBytes(paths);
}

/** The tree id of a commit or tree (annotated tags are peeled). */
async function rootTree(ctx: GitContext, oid: string): Promise<string> {
  for (;;) {
    const object = await readObject(ctx, oid);
    if (object.type === 'tree') return oid;
    if (object.type === 'commit') return parseCommit(object.content).tree;
    if (object.type !== 'tag') throw new Error(`object ${oid} is a ${object.type}, not a commit or tree`);
    oid = object.content.toString('latin1', 7, 47);
  }
}

const memos = new WeakMap<object, Map<string, Promise<TreeEntry[]>>>();

/** Reads one tree, memoised for the run: the changes of one queue share most of their trees. */
function readEntries(ctx: GitContext, oid: string): Promise<TreeEntry[]> {
  let memo = memos.get(ctx.cache);
  if (!memo) memos.set(ctx.cache, (memo = new Map()));
  let entries = memo.get(oid);
  if (!entries) {
    entries = readObject(ctx, oid).then((object) => {
      if (object.type !== 'tree') throw new Error(`object ${oid} is a ${object.type}, not a tree`);
      return parseTree(object.content).map((entry) => ({
        ...entry,
        type: entry.mode === '40000' ? ('tree' as const) : entry.mode === '160000' ? ('commit' as const) : ('blob' as const),
      }));
    });
    memo.set(oid, entries);
  }
  return entries;
}

async function visit(ctx: GitContext, base: string | undefined, tip: string | undefined, prefix: string, paths: string[]): Promise<void> {
  if (base === tip) return;
  const [before, after] = await Promise.all([base, tip].map((oid) => (oid === undefined ? [] : readEntries(ctx, oid))));
  const beforeByName = new Map(before.map((entry) => [entry.path, entry]));
  const afterByName = new Map(after.map((entry) => [entry.path, entry]));
  const names = new Set([...beforeByName.keys(), ...afterByName.keys()]);
  const subtrees: Array<Promise<void>> = [];
  for (const name of names) {
    const was = beforeByName.get(name);
    const is = afterByName.get(name);
    if (was && is && was.oid === is.oid && was.mode === is.mode) continue;
    const path = prefix + name;
    const wasTree = was?.type === 'tree';
    const isTree = is?.type === 'tree';
    // A file on either side that is not the same file on the other is a changed path; a directory on
    // either side is compared (or, when the other side has none, listed) below.
    if ((was && !wasTree) || (is && !isTree)) paths.push(path);
    if (wasTree || isTree) subtrees.push(visit(ctx, wasTree ? was.oid : undefined, isTree ? is.oid : undefined, `${path}/`, paths));
  }
  await Promise.all(subtrees);
}

/** Sorts paths by their UTF-8 bytes, git's order (JavaScript's own order differs past U+FFFF). */
function sortByBytes(paths: string[]): string[] {
  return paths
    .map((path) => ({ path, bytes: Buffer.from(path) }))
    .sort((a, b) => Buffer.compare(a.bytes, b.bytes))
    .map(({ path }) => path);
}
