import type { Mode, PartialResult } from '../core/types.js';
import { UserError } from '../errors/specgate-error.js';
import { messages } from './messages.js';
import { createProgress } from '../report/create-progress.js';
import type { RunOptions } from '../workflows/open-pipeline.js';
import { runShard, type Shard } from '../workflows/run-shard.js';
import { createAdapters } from './create-adapters.js';

/**
 * Runs one shard (`--shard i/n`) with progress on stderr — even with `--json`, since CI logs want it and
 * stdout holds only the partial result — and returns the partial result for oclif to print. Exit 0 once
 * the shard's work is done, whatever its jobs gave: the verdict is `specgate report merge`'s.
 */
export async function runShardAndPrint(
  mode: Mode,
  options: Omit<RunOptions, 'observer' | 'adapters'> & {
    json: boolean;
    junit?: string;
    html?: string;
    shard: Shard;
  },
): Promise<PartialResult> {
  if (!options.json) {
    throw new UserError('BAD_USAGE', messages.shardNeedsJson(options.shard.index));
  }
  if (options.junit !== undefined) throw new UserError('BAD_USAGE', messages.shardHasNoJunit);
  if (options.html !== undefined) throw new UserError('BAD_USAGE', messages.shardHasNoVerdict('html'));
  const progress = await createProgress({ stream: process.stderr });
  try {
    return await runShard(mode, { ...options, adapters: createAdapters(), observer: progress });
  } finally {
    await progress.stop();
  }
}
