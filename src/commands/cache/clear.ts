import * as Args from '@oclif/core/args';
import { SpecgateCommand } from '../../cli/specgate-command.js';
import { renderClearedResults } from '../../report/render-cleared-results.js';
import { createAdapters } from '../../cli/create-adapters.js';
import { clearCachedResults, type ClearedResults } from '../../workflows/clear-cached-results.js';

export default class CacheClear extends SpecgateCommand<ClearedResults> {
  static override summary =
    'Forget kept job results: all of them, or those on the trees of the given commits.';
  static override description =
    'Only refs/notes/specgate changes. A flaky failure kept in the cache is forgotten this way (or run again with --no-cache).';
  static override examples = ['<%= config.bin %> cache clear', '<%= config.bin %> cache clear feature-a'];
  static override strict = false;
  static override args = {
    revisions: Args.string({ description: 'Only results on the trees of these commits.' }),
  };

  protected async execute(): Promise<ClearedResults> {
    const { argv, flags } = await this.parse(CacheClear);
    return clearCachedResults({
      cwd: this.cwd(flags),
      revisions: argv as string[],
      adapters: createAdapters(),
    });
  }

  protected override async render(cleared: ClearedResults): Promise<void> {
    this.print(renderClearedResults(cleared));
  }
}
