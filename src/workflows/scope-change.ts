import path from 'node:path';
import type { SpecgateConfig } from '../config/types.js';
import type { PlannedChange } from '../core/pipeline-types.js';
import type { ChangedJobConfigs } from '../git/find-changed-job-configs.js';
import type { Repository } from './adapters.js';
import { unionOfScopes } from './union-of-scopes.js';

/** What file matchers look at for one change. */
export interface ChangeScope {
  /** The files the change touches: from its merge base with the target to its tip. */
  files: string[];
  /** Jobs whose own configuration block the change edits (Zuul's match-on-config-updates). */
  configChangedJobs: ChangedJobConfigs;
}

/**
 * The files a change touches (git diff target...tip: from its first merge base with the target, or the
 * empty tree for unrelated histories) and the jobs whose configuration it changes. A bundle's scope is
 * the union of its members'.
 */
export async function scopeChange(args: {
  repository: Pick<Repository, 'dir' | 'compareHistories' | 'listChangedFiles' | 'findChangedJobConfigs'>;
  config: SpecgateConfig;
  targetSha: string;
  change: PlannedChange;
}): Promise<ChangeScope> {
  const { repository, config, targetSha, change } = args;
  if (change.members) {
    return unionOfScopes(await Promise.all(change.members.map((member) => scopeChange({ ...args, change: member }))));
  }
  const base = (await repository.compareHistories(change.sha, targetSha)).mergeBases[0];
  const files = await repository.listChangedFiles({ tip: change.sha, base });
  const configPath = configPathInRepository(repository.dir, config);
  const configChangedJobs: ChangedJobConfigs =
    configPath === undefined ? new Set() : await repository.findChangedJobConfigs({ base, tip: change.sha, configPath });
  return { files, configChangedJobs };
}

/** The configuration file relative to the repository root, when it is inside the repository. */
function configPathInRepository(root: string | undefined, config: SpecgateConfig): string | undefined {
  if (config.filepath === undefined || root === undefined) return undefined;
  const relative = path.relative(root, config.filepath);
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return undefined;
  return relative.split(path.sep).join('/');
}

