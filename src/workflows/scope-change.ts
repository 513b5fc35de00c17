import path from 'node:path';
import type { SpecgateConfig } from '../config/types.js';
import { findChangedJobConfigs, type ChangedJobConfigs } from '../config/find-changed-job-configs.js';
import type { ChangeScope, PlannedChange } from '../core/queue/pipeline-types.js';
import { unionOfScopes } from '../core/jobs/union-of-scopes.js';
import type { Repository } from './adapters.js';

/**
 * The files a change touches (git diff target...tip: from its first merge base with the target, or the
 * empty tree for unrelated histories) and the jobs whose configuration it changes. A bundle's scope is
 * the union of its members'.
 */
export async function scopeChange(args: {
  repository: Pick<Repository, 'dir' | 'compareHistories' | 'listChangedFiles' | 'readBlobAt'>;
  config: SpecgateConfig;
  targetSha: string;
  change: PlannedChange;
}): Promise<ChangeScope> {
  const { repository, config, targetSha, change } = args;
  if (change.members) {
    return unionOfScopes(
      await Promise.all(change.members.map((member) => scopeChange({ ...args, change: member }))),
    );
  }
  const base = (await repository.compareHistories(change.sha, targetSha)).mergeBases[0];
  const files = await repository.listChangedFiles({ tip: change.sha, base });
  const configPath = configPathInRepository(repository.dir, config);
  const configChangedJobs: ChangedJobConfigs =
    configPath === undefined
      ? new Set()
      : await findChangedJobConfigs({
          configPath,
          before: base === undefined ? undefined : await repository.readBlobAt(base, configPath),
          after: await repository.readBlobAt(change.sha, configPath),
        });
  return { files, configChangedJobs };
}

/** The configuration file relative to the repository root, when it is inside the repository. */
function configPathInRepository(root: string | undefined, config: SpecgateConfig): string | undefined {
  if (config.filepath === undefined || root === undefined) return undefined;
  const relative = path.relative(root, config.filepath);
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return undefined;
  return relative.split(path.sep).join('/');
}
