import path from 'node:path';
import { toUserError } from '../../errors/to-user-error.js';
import { UserError } from '../../errors/specgate-error.js';
import type { GitContext } from '../git-context.js';
import { readObject } from '../object-database/read-object.js';
import { readCommit } from '../object-database/read-commit.js';
import { findBrokenRef } from './find-broken-ref.js';
import { resolveRefName } from './resolve-ref-name.js';

/**
 * Resolves a commit-ish as git's command line does for the common forms — `HEAD`, a branch, a tag
 * (annotated tags are peeled), a remote-tracking branch, a full or abbreviated commit id, each optionally
 * followed by `~N`, `^` or `^N` — to a commit id. Throws an `UNKNOWN_REF` user error naming the spec
 * (and the broken loose ref file, when one is why the name does not resolve).
 */
export async function resolveCommitish(ctx: GitContext, spec: string): Promise<string> {
  const match = /^(.*?)((?:[~^]\d*)*)$/.exec(spec);
  const [base, suffix] = match && match[1] !== '' ? [match[1], match[2]] : [spec, ''];
  let oid = await resolveBase(ctx, base, spec);
  for (const step of suffix.match(/[~^]\d*/g) ?? []) {
    const count = step.length > 1 ? Number(step.slice(1)) : 1;
    if (step[0] === '~') {
      for (let i = 0; i < count; i += 1) oid = await parentOf(ctx, oid, 0, spec);
    } else if (count > 0) {
      oid = await parentOf(ctx, oid, count - 1, spec);
    }
  }
  return oid;
}

async function resolveBase(ctx: GitContext, name: string, spec: string): Promise<string> {
  let oid = /^[0-9a-f]{40}$/i.test(name) ? name.toLowerCase() : resolveRefName(ctx, name);
  if (!oid && /^[0-9a-f]{4,39}$/i.test(name)) {
    // Abbreviated ids are rare on this path: isomorphic-git is loaded only for them.
    const { default: git } = await import('isomorphic-git');
    // The common directory: a linked worktree's git directory has no objects of its own.
    const args = { fs: ctx.fs, gitdir: path.dirname(ctx.objectsDir), cache: ctx.cache };
    oid = await git.expandOid({ ...args, oid: name.toLowerCase() }).catch(() => undefined);
  }
  if (!oid) {
    const broken = findBrokenRef(ctx, name);
    if (broken) {
      // git ignores a broken ref ("warning: ignoring broken ref") and then finds no such revision either.
      throw new UserError(
        'UNKNOWN_REF',
        `unknown revision '${spec}': ${broken} is a broken ref, which git ignores too`,
        {
          suggestion: 'repair the file (an object id, or "ref: refs/heads/<branch>") or delete it',
        },
      );
    }
    throw new UserError(
      'UNKNOWN_REF',
      `unknown revision '${spec}': not a branch, tag or commit of this repository`,
      {
        suggestion: 'check the name with `git branch -a` or `git log`',
      },
    );
  }
  return peelToCommit(ctx, oid, spec);
}

async function peelToCommit(ctx: GitContext, oid: string, spec: string): Promise<string> {
  for (;;) {
    const object = await readObject(ctx, oid).catch((error: unknown) => {
      // A damaged object, a file specgate may not read: say so, rather than call it missing.
      const fault = toUserError(error, { where: ctx.gitdir });
      if (fault) throw fault;
      return undefined;
    });
    if (!object) throw new UserError('UNKNOWN_REF', `unknown revision '${spec}': object ${oid} is missing`);
    if (object.type === 'commit') return oid;
    if (object.type !== 'tag')
      throw new UserError('UNKNOWN_REF', `'${spec}' names a ${object.type}, not a commit`);
    // An annotated tag: its first line is `object <id>`.
    oid = object.content.toString('latin1', 7, 47);
  }
}

async function parentOf(ctx: GitContext, oid: string, index: number, spec: string): Promise<string> {
  const parent = (await readCommit(ctx, oid)).parents[index];
  if (!parent)
    throw new UserError(
      'UNKNOWN_REF',
      `unknown revision '${spec}': commit ${oid.slice(0, 12)} has no such parent`,
    );
  return parent;
}
