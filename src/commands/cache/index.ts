import { SpecgateCommand } from '../../cli/specgate-command.js';
import { createAdapters } from '../../cli/create-adapters.js';
import type { CacheSummary } from '../../caches/survey-caches.js';
import { listCaches } from '../../workflows/list-caches.js';

export default class Cache extends SpecgateCommand<{ caches: CacheSummary[] }> {
  static override summary =
    'List every cache specgate keeps, with its entries, size on disk and last use; prune or clear them.';
  static override description =
    'The caches: job results (git notes under refs/notes/specgate), prepared workspaces, the merge memo and run logs (under .git/specgate), and artifacts when there are any. `cache list` lists the kept job results, `cache prune` removes the least recently used entries under .git/specgate down to a size or age, `cache clear` forgets job results (or, with flags, whole caches). The config key cache.max-size keeps the bound after every run.';
  static override examples = ['<%= config.bin %> cache', '<%= config.bin %> cache --json'];

  protected async execute(): Promise<{ caches: CacheSummary[] }> {
    const { flags } = await this.parse(Cache);
    return listCaches({ cwd: this.cwd(flags), adapters: createAdapters() });
  }

  protected override async render({ caches }: { caches: CacheSummary[] }): Promise<void> {
    if (this.jsonEnabled()) return;
    const { renderCaches } = await import('../../report/render-caches.js');
    this.print(renderCaches(caches, { cwd: process.cwd() }));
  }
}
