import path from 'node:path';
import { scratchDir } from './fixture-repo.js';

/**
 * An environment in which git, git-lfs and specgate see a HOME of the test's own and no system config or
 * attributes, so the user's config is neither used nor changed (this machine's /etc/gitconfig may hold
 * git-lfs's filter), with a fixed author and committer.
 */
export function isolatedGitEnv(): NodeJS.ProcessEnv {
  const home = scratchDir('specgate-home-');
  return {
    HOME: home,
    XDG_CONFIG_HOME: path.join(home, '.config'),
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_ATTR_NOSYSTEM: '1',
    GIT_AUTHOR_NAME: 'Test',
    GIT_AUTHOR_EMAIL: 'test@example.com',
    GIT_COMMITTER_NAME: 'Test',
    GIT_COMMITTER_EMAIL: 'test@example.com',
  };
}
