import path from 'node:path';
import type { SpecgateConfig } from '../config/types.js';
import { findChangedJobConfigs, type ChangedJobConfigs } from '../config/find-changed-job-configs.js';
import type { ChangeScope, PlannedChange } from '../core/pipeline-types.js';
import { unionOfScopes } from '../core/union-of-scopes.js';
import type { GitContext } from '../git/git-context.js';
import { compareHistories } from '../git/history/compare-histories.js';
import { listChangedFiles } from '../git/history/list-changed-files.js';
import { readBlobAt } from '../git/object-database/read-blob-at.js';

/**
 * The files a change touches (git diff target...tip: from its first merge base with the target, or the
 * empty tree for unrelated histories) and the jobs whose configuration it changes. A bundle's scope is
 * the union of its members'.
 */
export async function scopeChange(args: {
  ctx: GitContext;
  config: SpecgateConfig;
  targetSha: string;
  change: PlannedChange;
}): Promise<ChangeScope> {
  const { ctx, config, targetSha, change } = args;
  if (change.members) {
    return unionOfScopes(await Promise.all(change.members.map((member) => scopeChange({ ...args, change: member }))));
  }
  const base = (await compareHistories(ctx, change.sha, targetSha)).mergeBases[0];
  const files = await listChangedFiles(ctx, { tip: change.sha, base });
  const configPath = configPathInRepository(ctx, config);
  const configChangedJobs: ChangedJobConfigs =
    configPath === undefined
      ? new Set()
      : await findChangedJobConfigs({
          configPath,
          before: base === undefined ? undefined : await readBlobAt(ctx, base, configPath),
          after: await readBlobAt(ctx, change.sha, configPath),
        });
  return { files, configChangedJobs };
}

/** The configuration file relative to the repository root, when it is inside the repository. */
function configPathInRepository(ctx: GitContext, config: SpecgateConfig): string | undefined {
  if (config.filepath === undefined || ctx.dir === undefined) return undefined;
  const relative = path.relative(ctx.dir, config.filepath);
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return undefined;
  return relative.split(path.sep).join('/');
}

