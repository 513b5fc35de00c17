import path from 'node:path';
import type { GitContext } from '../git-context.js';
import { parsePackedRefs } from './parse-packed-refs.js';

/** git's loose-ref test: an object id, then the end or a blank (what follows is ignored). */
const LOOSE_OID = /^[0-9a-fA-F]{40}(?:\s|$)/;

/**
 * Resolves a ref name to a commit-ish object id as `git rev-parse` does, trying in order `NAME`,
 * `refs/NAME`, `refs/tags/NAME`, `refs/heads/NAME`, `refs/remotes/NAME` and `refs/remotes/NAME/HEAD`,
 * each as a loose ref file (per-worktree ones such as HEAD first, then the common directory's) or an entry
 * of `packed-refs`, following symbolic refs (`ref: refs/heads/main`). Returns undefined when none exists.
 * A loose ref file that holds neither an object id nor `ref: <name>` is a broken ref, which git ignores
 * ("warning: ignoring broken ref"): it does not resolve, nor does a packed entry of the same name that it
 * hides. A `packed-refs` git cannot parse throws (`BAD_PACKED_REFS`, see `parsePackedRefs`).
 * Read directly rather than through isomorphic-git: this runs for every queued change, on the start-up
 * path of every command.
 */
export function resolveRefName(ctx: GitContext, name: string): string | undefined {
  // Names that could leave the refs namespace are not refs.
  if (name === '' || name.includes('..') || name.includes('\0') || name.startsWith('/') || name.endsWith('/'))
    return undefined;
  const candidates = [
    name,
    `refs/${name}`,
    `refs/tags/${name}`,
    `refs/heads/${name}`,
    `refs/remotes/${name}`,
    `refs/remotes/${name}/HEAD`,
  ];
  for (const candidate of candidates) {
    const oid = readRef(ctx, candidate, 0);
    if (oid) return oid;
  }
  return undefined;
}

function readRef(ctx: GitContext, ref: string, depth: number): string | undefined {
  if (depth > 5) return undefined;
  const commonDir = path.dirname(ctx.objectsDir);
  for (const dir of ctx.gitdir === commonDir ? [commonDir] : [ctx.gitdir, commonDir]) {
    let content: string;
    try {
      content = ctx.fs.readFileSync(path.join(dir, ref), 'utf8').trim();
    } catch {
      continue; // absent, or a directory of refs: not this ref
    }
    if (content.startsWith('ref:')) return readRef(ctx, content.slice(4).trim(), depth + 1);
    if (LOOSE_OID.test(content)) return content.slice(0, 40).toLowerCase();
    return undefined; // broken: git ignores the ref rather than read packed-refs under it
  }
  return packedRefs(ctx).get(ref);
}

/**
 * `packed-refs`, parsed once per run: kept with the run's memos in its object database, which a run opens
 * once and closes at its end (specgate writes loose refs only, so its own ref updates never stale it).
 */
function packedRefs(ctx: GitContext): Map<string, string> {
  return ctx.objectDatabase.memo(packedRefs, () => readPackedRefs(ctx));
}

function readPackedRefs(ctx: GitContext): Map<string, string> {
  const file = path.join(path.dirname(ctx.objectsDir), 'packed-refs');
  let text = '';
  try {
    text = ctx.fs.readFileSync(file, 'utf8');
  } catch {
    // No packed-refs file: every ref is loose.
  }
  return parsePackedRefs(text, file);
}
