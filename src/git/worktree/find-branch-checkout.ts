import type * as nodeFs from 'node:fs';
import path from 'node:path';

/** Where a branch is checked out. */
export interface BranchCheckout {
  /** The git directory of that working tree (`<common>` for the main one, `<common>/worktrees/<id>` else). */
  gitdir: string;
  /** Its working-tree root, when known (a bare main repository has none). */
  worktree?: string;
}

/**
 * Every working tree of the repository whose `HEAD` is the symbolic ref `refs/heads/<branch>`: the main one
 * (`<commonDir>/HEAD`, unless the repository is bare) and each linked one (`<commonDir>/worktrees/<id>/HEAD`, its root read from the
 * `gitdir` file there), as git finds them before it refuses to update a branch checked out elsewhere.
 * Read fresh on every call.
 */
export function findBranchCheckout(args: {
  fs: typeof nodeFs;
  commonDir: string;
  branch: string;
}): BranchCheckout[] {
  const { fs, commonDir } = args;
  const want = `ref: refs/heads/${args.branch}`;
  const found: BranchCheckout[] = [];
  const headOf = (gitdir: string): string | undefined => {
    try {
      return fs.readFileSync(path.join(gitdir, 'HEAD'), 'utf8').trim();
    } catch {
      return undefined;
    }
  };
  // A bare repository's HEAD names a branch without checking it out: git does not count it either.
  if (headOf(commonDir) === want && !isBare(fs, commonDir))
    found.push({ gitdir: commonDir, worktree: mainWorktree(commonDir) });
  let ids: string[] = [];
  try {
    ids = fs.readdirSync(path.join(commonDir, 'worktrees'));
  } catch {
    // No linked worktree.
  }
  for (const id of ids.sort()) {
    const gitdir = path.join(commonDir, 'worktrees', id);
    if (headOf(gitdir) !== want) continue;
    let worktree: string | undefined;
    try {
      // `gitdir` there names the linked worktree's `.git` file.
      worktree = path.dirname(
        path.resolve(gitdir, fs.readFileSync(path.join(gitdir, 'gitdir'), 'utf8').trim()),
      );
    } catch {
      // A pruned or broken worktree: still git's, still refused by it.
    }
    found.push({ gitdir, worktree });
  }
  return found;
}

function isBare(fs: typeof nodeFs, commonDir: string): boolean {
  let config = '';
  try {
    config = fs.readFileSync(path.join(commonDir, 'config'), 'utf8');
  } catch {
    // No config: not bare.
  }
  return /^\s*bare\s*=\s*true\s*$/im.test(config);
}

/** The main working tree's root, where the common git directory is its `.git` (else unknown). */
function mainWorktree(commonDir: string): string | undefined {
  return path.basename(commonDir) === '.git' ? path.dirname(commonDir) : undefined;
}
