import * as Args from '@oclif/core/args';
import * as Flags from '@oclif/core/flags';
import { SpecgateCommand } from '../../cli/specgate-command.js';
import { createAdapters } from '../../cli/create-adapters.js';
import { CACHE_KINDS, type CacheKind } from '../../caches/survey-caches.js';
import { clearCaches, type ClearedCaches } from '../../workflows/clear-caches.js';

export default class CacheClear extends SpecgateCommand<ClearedCaches> {
  static override summary =
    'Forget kept job results (all, or those on the trees of the given commits); with flags, clear other caches too.';
  static override description =
    'Without flags only refs/notes/specgate changes. A flaky failure kept in the cache is forgotten this way (or run again with --no-cache). --workspaces, --merges and --logs empty those caches under .git/specgate (never what a running specgate uses); --all clears every cache.';
  static override examples = [
    '<%= config.bin %> cache clear',
    '<%= config.bin %> cache clear feature-a',
    '<%= config.bin %> cache clear --workspaces --logs',
    '<%= config.bin %> cache clear --all',
  ];
  static override strict = false;
  static override args = {
    revisions: Args.string({ description: 'Only results on the trees of these commits.' }),
  };
  static override flags = {
    all: Flags.boolean({ description: 'Clear every cache: results, workspaces, merges, logs, artifacts.' }),
    results: Flags.boolean({ description: 'Forget job results (the default without flags).' }),
    workspaces: Flags.boolean({ description: 'Remove prepared workspaces.' }),
    merges: Flags.boolean({ description: 'Remove the merge memo.' }),
    logs: Flags.boolean({ description: 'Remove the logs of earlier runs.' }),
  };

  protected async execute(): Promise<ClearedCaches> {
    const { argv, flags } = await this.parse(CacheClear);
    const asked = CACHE_KINDS.filter((kind) => kind !== 'artifacts' && flags[kind]);
    const kinds: CacheKind[] = flags.all ? [...CACHE_KINDS] : asked.length > 0 ? asked : ['results'];
    return clearCaches({
      cwd: this.cwd(flags),
      revisions: argv as string[],
      kinds,
      adapters: createAdapters(),
    });
  }

  protected override async render(cleared: ClearedCaches): Promise<void> {
    if (this.jsonEnabled()) return;
    const [{ renderClearedResults }, { renderPrunedCaches }] = await Promise.all([
      import('../../report/render-cleared-results.js'),
      import('../../report/render-pruned-caches.js'),
    ]);
    if (cleared.results !== undefined && cleared.trees !== undefined)
      this.print(renderClearedResults({ results: cleared.results, trees: cleared.trees }));
    if (cleared.files) this.print(renderPrunedCaches(cleared.files));
  }
}
