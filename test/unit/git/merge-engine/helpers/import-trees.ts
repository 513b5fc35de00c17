import git from 'isomorphic-git';
import type { Sandbox } from './sandbox.js';
import type { TreeSpec } from './tree-spec.js';

/** The commits made for one merge case and their trees. */
export interface ImportedCase {
  base?: { commit: string; tree: string };
  ours: { commit: string; tree: string };
  theirs: { commit: string; tree: string };
}

/**
 * Commits `ours` and `theirs` (children of a `base` commit, or root commits when there is no base) into
 * the sandbox with one `git fast-import` run, and returns their commit and tree ids.
 */
export async function importTrees(
  sandbox: Sandbox,
  trees: { base?: TreeSpec; ours: TreeSpec; theirs: TreeSpec },
): Promise<ImportedCase> {
  const chunks: Buffer[] = [];
  const text = (s: string) => chunks.push(Buffer.from(s, 'utf8'));
  const commit = (mark: number, spec: TreeSpec, parent?: number) => {
    text(`commit refs/specgate-test/${mark}\nmark :${mark}\ncommitter t <t@t> 1700000000 +0000\ndata 0\n`);
    if (parent !== undefined) text(`from :${parent}\n`);
    text('deleteall\n');
    for (const [path, entry] of Object.entries(spec)) {
      if (entry.kind === 'submodule') {
        text(`M 160000 ${entry.commit} ${path}\n`);
        continue;
      }
      const data = entry.kind === 'symlink' ? Buffer.from(entry.target) : Buffer.from(entry.content);
      const mode = entry.kind === 'symlink' ? '120000' : entry.executable ? '100755' : '100644';
      text(`M ${mode} inline ${path}\ndata ${data.length}\n`);
      chunks.push(data);
      text('\n');
    }
    text('\n');
  };
  if (trees.base) commit(1, trees.base);
  commit(2, trees.ours, trees.base ? 1 : undefined);
  commit(3, trees.theirs, trees.base ? 1 : undefined);
  const marks = trees.base ? [1, 2, 3] : [2, 3];
  text(marks.map((m) => `get-mark :${m}\n`).join(''));
  const result = sandbox.git(
    ['fast-import', '--quiet', '--force', '--done'],
    Buffer.concat([...chunks, Buffer.from('done\n')]),
  );
  if (result.status !== 0) throw new Error(`fast-import failed: ${result.stderr}`);
  const commits = result.stdout.trim().split('\n');
  const read = async (oid: string) => ({
    commit: oid,
    tree: (
      await git.readCommit({ fs: sandbox.ctx.fs, gitdir: sandbox.gitdir, oid, cache: sandbox.ctx.cache })
    ).commit.tree,
  });
  const [base, ours, theirs] = trees.base ? commits : [undefined, ...commits];
  return { base: base ? await read(base) : undefined, ours: await read(ours!), theirs: await read(theirs!) };
}
