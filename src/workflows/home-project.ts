import path from 'node:path';
import type { Repository } from './adapters.js';

/**
 * The home project's name: its repository directory's name (a bare repository's git directory's), as
 * DESIGN.md, "Several repositories", defaults it. It names the home checkout of every state.
 */
export function homeProject(repository: Pick<Repository, 'dir' | 'gitdir'>): string {
  return path.basename(repository.dir ?? repository.gitdir);
}
