import path from 'node:path';
import { parseGitConfig } from '../config/parse-git-config.js';
import type { GitContext } from '../git-context.js';

/** One `name = value` of a git config file; `value` is `undefined` for a bare `name` (boolean true). */
export interface ConfigEntry {
  /** `section.key` or `section.subsection.key`: section and key lowercased, the subsection as written. */
  name: string;
  value: string | undefined;
}

/**
 * The entries of the repository's own config file (`<common gitdir>/config`), in file order, read once
 * per object database (`ctx.objectDatabase`). Only what the object layer needs to know (promisor
 * remotes, `core.commitGraph`) is read this way, with git's syntax (`parseGitConfig`); `include`
 * directives and the user's global config are not followed. A missing file has no entries; a line git
 * does not parse throws (`BAD_GIT_CONFIG`).
 */
export function readRepositoryConfig(ctx: GitContext): ConfigEntry[] {
  return ctx.objectDatabase.memo(readRepositoryConfig, () => {
    let text = '';
    const file = path.join(commonDirOf(ctx), 'config');
    try {
      text = ctx.fs.readFileSync(file, 'utf8');
    } catch (error) {
      if (!['ENOENT', 'ENOTDIR'].includes((error as NodeJS.ErrnoException).code ?? '')) throw error;
    }
    return parseGitConfig(text, file).map(({ key, value }): ConfigEntry => ({
      name: key,
      value: value ?? undefined,
    }));
  });
}

/** The common git directory holds the objects directory (`GitContext.objectsDir`), as `openRepository` found it. */
function commonDirOf(ctx: GitContext): string {
  return path.dirname(ctx.objectsDir);
}
