import * as path from 'node:path';
import { openWorkTreeConverter } from '../attributes/open-work-tree-converter.js';
import { ensureEmptyDir } from './ensure-empty-dir.js';
import { listTreeFiles } from './list-tree-files.js';
import { writeMinimalGitdir } from './write-minimal-gitdir.js';
import { writeTreeFiles } from './write-tree-files.js';
import { prefetch } from '../object-database/prefetch.js';
import type { GitContext } from '../git-context.js';
import { readCommit } from '../object-database/read-commit.js';
import { writeGitIndex } from '../index-file/write-git-index.js';

const OID_PATTERN = /^[0-9a-f]{40}$/;

/**
 * Writes commit `commitOid` of the repository `ctx` into the empty (or not yet existing) directory `dir` as
 * a clean git checkout that borrows the repository's objects instead of copying them.
 *
 * `dir/.git` is a minimal repository: `HEAD` detached at the commit, `objects/info/alternates` naming
 * `ctx.objectsDir`, empty `refs/heads` and `refs/tags`, a `config`, and an index whose stat data matches the
 * written files, so native git sees a clean tree (`git status` prints nothing) without re-hashing it. Files
 * hold the bytes `git checkout` would write: `.gitattributes` end-of-line conversion (`text`, `eol`,
 * `core.autocrlf`), `ident`, and the repository's filter drivers (`smudge`, `process`), with the config
 * that decides them copied into `dir/.git/config`; they get mode 0644 or 0755, symlinks are real symlinks, and submodules are empty directories. Whatever a job
 * does in `dir` (even commit) stays there: the source repository's refs and objects are never written.
 *
 * Nothing is cleaned up on failure: `dir` is the caller's to remove.
 *
 * @param args.ctx the source repository; objects are read with its shared cache.
 * @param args.commitOid full 40-hex id of a commit (an annotated tag is peeled to its commit).
 * @param args.dir where to write the checkout; created with its parents when missing.
 * @throws UserError (`WORK_DIR`) naming `dir` when it exists and is not an empty directory.
 * @throws Error when `commitOid` is not a full object id or not a commit in the repository.
 * @throws UserError (`CHECKOUT_FILTER`) "PATH: smudge filter NAME failed" when a `required` filter driver
 *   fails, as `git checkout` fails then.
 * @throws isomorphic-git's `UnsafeFilepathError` when the tree holds a path git would refuse to check out
 *   (`..`, `.git`, ...); nothing but the empty `dir` has been written then.
 */
export async function materializeState(args: {
  ctx: GitContext;
  commitOid: string;
  dir: string;
}): Promise<void> {
  const { ctx, commitOid } = args;
  if (!OID_PATTERN.test(commitOid)) {
    throw new Error(
      `materializeState: commitOid must be 40 lowercase hex digits, got ${JSON.stringify(commitOid)}`,
    );
  }
  // Absolute, because it ends up in messages and in paths handed to git.
  const dir = path.resolve(args.dir);
  await ensureEmptyDir({ fs: ctx.fs, dir });
  await materialize(ctx, commitOid, dir);
}

async function materialize(ctx: GitContext, commitOid: string, dir: string): Promise<void> {
  const { fs } = ctx;
  // Read the commit before writing anything, so a bad id fails before `.git` exists.
  const commit = await readCommit(ctx, commitOid);
  const oid = commitOid;
  const { directories, files } = await listTreeFiles({ ctx, treeOid: commit.tree });
  // A partial clone fetches the blobs it lacks in one call, not one per file (submodule commits are not ours).
  await prefetch(
    ctx,
    files.filter((file) => file.mode !== 0o160000).map((file) => file.oid),
  );

  // Undefined when nothing converts: then files are written exactly as before attributes existed.
  const converter = await openWorkTreeConverter({ ctx, files, treeish: oid });

  const gitdir = path.join(dir, '.git');
  await writeMinimalGitdir({
    fs,
    gitdir,
    commitOid: oid,
    objectsDir: ctx.objectsDir,
    conversionConfig: converter?.localConfig,
    infoAttributes: converter?.infoAttributes,
  });

  // Parents come before their children in the listing, so one pass in order needs no `recursive`.
  for (const directory of directories) {
    await fs.promises.mkdir(path.join(dir, ...directory.split('/')));
  }
  let stats: Awaited<ReturnType<typeof writeTreeFiles>>;
  try {
    stats = await writeTreeFiles({ ctx, dir, files, converter });
  } finally {
    await converter?.close();
  }

  // The index goes last: its stat data must describe the files as they are now, and git treats an entry
  // whose mtime is not older than the index itself as possibly modified, so a later index is better.
  await writeGitIndex({
    fs,
    gitdir,
    entries: files.map((file, index) => ({
      path: file.path,
      oid: file.oid,
      mode: file.mode,
      stat: stats[index],
    })),
  });
}
