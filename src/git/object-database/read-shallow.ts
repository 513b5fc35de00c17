import path from 'node:path';
import type { GitContext } from '../git-context.js';

/**
 * The shallow commits of the repository (`<common gitdir>/shallow`, one id a line, as `git clone
 * --depth` and `git fetch --deepen` write it), or `undefined` when the repository is not shallow. As in
 * git, a shallow commit has no parents for every walk, and a repository with a `shallow` file is
 * shallow even when the file is empty (git then ignores its commit-graph). Read once per
 * object database (`ctx.objectDatabase`): only a fetch changes the file.
 */
export function readShallow(ctx: GitContext): ReadonlySet<string> | undefined {
  return ctx.objectDatabase.memo(readShallow, () => readShallowFile(ctx));
}

function readShallowFile(ctx: GitContext): ReadonlySet<string> | undefined {
  const file = path.join(commonDirOf(ctx), 'shallow');
  let text: string | undefined;
  try {
    text = ctx.fs.readFileSync(file, 'utf8');
  } catch (error) {
    if (!['ENOENT', 'ENOTDIR'].includes((error as NodeJS.ErrnoException).code ?? '')) throw error;
  }
  let shallow: Set<string> | undefined;
  if (text !== undefined) {
    shallow = new Set();
    for (const line of text.split('\n')) {
      const oid = line.trim().toLowerCase();
      if (!oid) continue;
      if (!/^[0-9a-f]{40}$/.test(oid)) throw new Error(`bad line in ${file}: ${JSON.stringify(line)}`);
      shallow.add(oid);
    }
  }
  return shallow;
}

/** The common git directory holds the objects directory (`GitContext.objectsDir`), as `openRepository` found it. */
function commonDirOf(ctx: GitContext): string {
  return path.dirname(ctx.objectsDir);
}
