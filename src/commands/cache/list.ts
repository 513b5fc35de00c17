import * as Args from '@oclif/core/args';
import { SpecgateCommand } from '../../cli/specgate-command.js';
import type { CachedResult } from '../../core/types.js';
import { createColors } from '../../report/colors.js';
import { renderCachedResults } from '../../report/render-cached-results.js';
import { createAdapters } from '../../cli/create-adapters.js';
import { listCachedResults } from '../../workflows/list-cached-results.js';

/** The results listed, and the revisions they were asked for (which the table names; not in the JSON). */
interface CachedResults {
  results: CachedResult[];
  revisions: string[];
}

export default class CacheList extends SpecgateCommand<CachedResults> {
  static override summary =
    'List the job results kept in the result cache (git notes under refs/notes/specgate).';
  static override description =
    'Each result belongs to a tree (the state a job ran on) and a job definition. With REVISIONs, only the results on their trees are listed.';
  static override examples = [
    '<%= config.bin %> cache list',
    '<%= config.bin %> cache list main feature-a --json',
  ];
  static override strict = false;
  static override args = {
    revisions: Args.string({ description: 'Only results on the trees of these commits.' }),
  };

  protected async execute(): Promise<CachedResults> {
    const { argv, flags } = await this.parse(CacheList);
    const revisions = argv as string[];
    return {
      results: await listCachedResults({ cwd: this.cwd(flags), revisions, adapters: createAdapters() }),
      revisions,
    };
  }

  protected override async render({ results, revisions }: CachedResults): Promise<void> {
    if (this.jsonEnabled()) return;
    this.print(renderCachedResults(results, { color: createColors(process.stdout).level > 0, revisions }));
  }

  protected override toSuccessJson({ results }: CachedResults): { results: CachedResult[] } {
    return { results };
  }
}
