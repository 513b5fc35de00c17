import type { CacheSummary } from '../caches/survey-caches.js';
import type { Adapters } from './adapters.js';

/** `specgate cache`: every cache specgate keeps, with its entry count, bytes on disk and last use. */
export async function listCaches(options: { cwd: string; adapters: Adapters }): Promise<{
  caches: CacheSummary[];
}> {
  const repository = options.adapters.git.open({ cwd: options.cwd });
  try {
    const { caches } = await options.adapters.caches.survey({
      gitdir: repository.gitdir,
      commonDir: repository.commonDir,
      notes: repository.notes,
    });
    return { caches };
  } finally {
    await repository.close();
  }
}
