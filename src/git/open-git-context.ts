import type { GitContext } from './git-context.js';
import { openObjectDatabase } from './object-database/open-object-database.js';

/**
 * Opens a repository whose location is known (`openRepository` finds it from a directory, as git does):
 * a context with a fresh cache and its own object database, which the caller closes
 * (`ctx.objectDatabase.close()`) once the run is done with it.
 */
export function openGitContext(location: Omit<GitContext, 'objectDatabase' | 'cache'>): GitContext {
  const ctx = { ...location, cache: {} } as GitContext;
  // The database keeps the context it belongs to (for config reads and lazy fetches): made after it.
  ctx.objectDatabase = openObjectDatabase(ctx);
  return ctx;
}
