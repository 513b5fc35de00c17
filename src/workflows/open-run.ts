import path from 'node:path';
import { readConfig } from '../config/read-config.js';
import type { SpecgateConfig } from '../config/types.js';
import type { GitContext } from '../git/git-context.js';
import { openRepository } from '../git/open-repository.js';
import { resolveQueue, type ResolvedQueue } from './resolve-queue.js';

/** What every command needs before it can plan or run anything. */
export interface OpenedRun {
  ctx: GitContext;
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
}

/**
 * Opens the repository containing `cwd`, reads its configuration, and resolves the target and the queue
 * (target: `--target`, else config `target`, else `main`).
 */
export async function openRun(options: QueueOptions): Promise<OpenedRun> {
  const ctx = openRepository({ cwd: options.cwd });
  const config = await readConfig({ cwd: path.resolve(options.cwd), repoRoot: ctx.dir ?? ctx.gitdir, file: options.configFile });
  const queue = await resolveQueue({ ctx, targetRef: options.target ?? config.target ?? 'main', specs: options.changes });
  return { ctx, config, queue };
}
