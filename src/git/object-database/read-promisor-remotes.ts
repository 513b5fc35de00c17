import type { GitContext } from '../git-context.js';
import { readRepositoryConfig } from './read-repository-config.js';

/**
 * The remotes that promise this repository's missing objects, in the order git asks them: the one named
 * by `extensions.partialClone` first, then every `remote.<name>.promisor = true`. Empty for a repository
 * that is not a partial clone.
 */
export function readPromisorRemotes(ctx: GitContext): string[] {
  const remotes: string[] = [];
  let partialClone: string | undefined;
  for (const { name, value } of readRepositoryConfig(ctx)) {
    if (name === 'extensions.partialclone' && value) partialClone = value;
    const promisor = /^remote\.(.+)\.promisor$/.exec(name);
    if (promisor) {
      const on = value === undefined || !/^(false|no|off|0|)$/i.test(value.trim());
      const at = remotes.indexOf(promisor[1]);
      if (on && at < 0) remotes.push(promisor[1]);
      if (!on && at >= 0) remotes.splice(at, 1);
    }
  }
  if (partialClone) return [partialClone, ...remotes.filter((remote) => remote !== partialClone)];
  return remotes;
}
