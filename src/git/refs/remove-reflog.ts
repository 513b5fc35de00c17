import path from 'node:path';
import type { GitContext } from '../git-context.js';

/**
 * Removes the reflog of `ref` (a full name such as `refs/notes/specgate`), if it has one, so that the
 * commits it lists stop being reachable through it and `git gc` can drop them.
 */
export function removeReflog(ctx: GitContext, ref: string): void {
  ctx.fs.rmSync(path.join(path.dirname(ctx.objectsDir), 'logs', ref), { force: true });
}
