import * as Flags from '@oclif/core/flags';
import { SpecgateCommand } from '../../cli/specgate-command.js';
import { createAdapters } from '../../cli/create-adapters.js';
import { parseCacheBounds } from '../../cli/parse-cache-bounds.js';
import type { RemovedCacheEntries } from '../../caches/remove-cache-entries.js';
import { UserError } from '../../errors/specgate-error.js';
import { pruneCaches } from '../../workflows/prune-caches.js';

export default class CachePrune extends SpecgateCommand<RemovedCacheEntries> {
  static override summary =
    'Remove the least recently used prepared workspaces, merges, logs and artifacts under .git/specgate.';
  static override description =
    'Oldest first, until what is left takes at most --max-size and was used within --older-than. Never removes what a running specgate uses, nor anything outside .git/specgate; job results are git notes, forgotten with cache clear.';
  static override examples = [
    '<%= config.bin %> cache prune --max-size 2GB',
    '<%= config.bin %> cache prune --older-than 30d --json',
  ];
  static override flags = {
    'max-size': Flags.string({ description: 'Keep at most this much (2GB, 500MB, 1.5GiB).' }),
    'older-than': Flags.string({ description: 'Remove what was not used for this long (30d, 12h, 45m).' }),
  };

  protected async execute(): Promise<RemovedCacheEntries> {
    const { flags } = await this.parse(CachePrune);
    const bounds = parseCacheBounds(flags);
    if (bounds.maxBytes === undefined && bounds.olderThanMs === undefined)
      throw new UserError('BAD_USAGE', 'cache prune: give --max-size SIZE or --older-than DURATION', {
        suggestion: 'specgate cache prune --max-size 2GB',
      });
    return pruneCaches({ cwd: this.cwd(flags), ...bounds, adapters: createAdapters() });
  }

  protected override async render(pruned: RemovedCacheEntries): Promise<void> {
    if (this.jsonEnabled()) return;
    const { renderPrunedCaches } = await import('../../report/render-pruned-caches.js');
    this.print(renderPrunedCaches(pruned));
  }
}
