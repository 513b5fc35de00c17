import path from 'node:path';
import type { GitContext } from '../git-context.js';

/**
 * The loose ref file that made `name` not resolve by being broken — holding neither an object id nor
 * `ref: <name>`, the refs git skips with "warning: ignoring broken ref" — among the names `resolveRefName`
 * tries, or undefined. Only asked after a name failed to resolve, to say why in the error.
 */
export function findBrokenRef(ctx: GitContext, name: string): string | undefined {
  if (name === '' || name.includes('..') || name.includes('\0') || name.startsWith('/') || name.endsWith('/'))
    return undefined;
  const commonDir = path.dirname(ctx.objectsDir);
  for (const candidate of [
    name,
    `refs/${name}`,
    `refs/tags/${name}`,
    `refs/heads/${name}`,
    `refs/remotes/${name}`,
    `refs/remotes/${name}/HEAD`,
  ]) {
    for (const dir of ctx.gitdir === commonDir ? [commonDir] : [ctx.gitdir, commonDir]) {
      let content: string;
      try {
        content = ctx.fs.readFileSync(path.join(dir, candidate), 'utf8').trim();
      } catch {
        continue;
      }
      if (!content.startsWith('ref:') && !/^[0-9a-fA-F]{40}(?:\s|$)/.test(content))
        return path.join(dir, candidate);
    }
  }
  return undefined;
}
