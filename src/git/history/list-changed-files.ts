import type { GitContext } from '../git-context.js';
import { MODE } from '../merge-engine/merge-types.js';
import { readTreeEntries } from '../merge-engine/read-tree-entries.js';
import { parseCommit } from '../object-database/parse-commit.js';
import { readObject } from '../object-database/read-object.js';

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
export async function listChangedFiles(
  ctx: GitContext,
  args: { tip: string; base?: string },
): Promise<string[]> {
  const [baseTree, tipTree] = await Promise.all([
    args.base === undefined ? undefined : rootTree(ctx, args.base),
    rootTree(ctx, args.tip),
  ]);
  const paths: string[] = [];
  await visit(ctx, baseTree, tipTree, '', paths);
  // Paths were built from the trees' bytes (latin1): sorted by those bytes, git's order, then decoded.
  return paths.sort().map((path) => Buffer.from(path, 'latin1').toString('utf8'));
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

async function visit(
  ctx: GitContext,
  base: string | undefined,
  tip: string | undefined,
  prefix: string,
  paths: string[],
): Promise<void> {
  if (base === tip) return;
  const [before, after] = await Promise.all(
    [base, tip].map((oid) => (oid === undefined ? new Map() : readTreeEntries({ ctx, oid }))),
  );
  const names = new Set([...before.keys(), ...after.keys()]);
  const subtrees: Array<Promise<void>> = [];
  for (const name of names) {
    const was = before.get(name);
    const is = after.get(name);
    if (was && is && was.oid === is.oid && was.mode === is.mode) continue;
    const path = prefix + name;
    const wasTree = was?.mode === MODE.tree;
    const isTree = is?.mode === MODE.tree;
    // A file on either side that is not the same file on the other is a changed path; a directory on
    // either side is compared (or, when the other side has none, listed) below.
    if ((was && !wasTree) || (is && !isTree)) paths.push(path);
    if (wasTree || isTree)
      subtrees.push(
        visit(ctx, wasTree ? was.oid : undefined, isTree ? is.oid : undefined, `${path}/`, paths),
      );
  }
  await Promise.all(subtrees);
}
