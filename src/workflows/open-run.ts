import path from 'node:path';
import type { SpecgateConfig } from '../config/types.js';
import type { Adapters, Repository } from './adapters.js';
import { resolveQueue, type ResolvedQueue } from './resolve-queue.js';

/** What every command needs before it can plan or run anything. */
export interface OpenedRun {
  repository: Repository;
  config: SpecgateConfig;
  queue: ResolvedQueue;
}

/** Options common to every command that takes a queue. */
export interface QueueOptions {
  /** The directory to run in (`-C`). */
  cwd: string;
  configFile?: string;
  target?: string;
  changes: string[];
  adapters: Adapters;
}

/**
 * Opens the repository containing `cwd`, reads its configuration, and resolves the target and the queue
 * (target: `--target`, else config `target`, else `main`).
 */
export async function openRun(options: QueueOptions): Promise<OpenedRun> {
  const { git, config: configs } = options.adapters;
  const repository = git.open({ cwd: options.cwd });
  const root = repository.dir ?? repository.gitdir;
  const config = await configs.read({
    cwd: path.resolve(options.cwd),
    repoRoot: root,
    file: options.configFile,
  });
  const queue = await resolveQueue({
    repository,
    targetRef: options.target ?? config.target ?? 'main',
    specs: options.changes,
  });
  return { repository, config, queue };
}
