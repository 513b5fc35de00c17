import { expect } from 'chai';
import { scrubGitEnv } from '../../../src/jobs/scrub-git-env.js';

describe('scrubGitEnv', function () {
  it('removes every variable git clears for a command in another repository, and GIT_NAMESPACE', function () {
    const local = [
      'GIT_DIR',
      'GIT_WORK_TREE',
      'GIT_INDEX_FILE',
      'GIT_OBJECT_DIRECTORY',
      'GIT_ALTERNATE_OBJECT_DIRECTORIES',
      'GIT_COMMON_DIR',
      'GIT_NAMESPACE',
      'GIT_PREFIX',
      'GIT_CONFIG',
      'GIT_IMPLICIT_WORK_TREE',
      'GIT_GRAFT_FILE',
      'GIT_NO_REPLACE_OBJECTS',
      'GIT_REPLACE_REF_BASE',
      'GIT_SHALLOW_FILE',
      'GIT_NO_LAZY_FETCH',
    ];
    const env = Object.fromEntries(local.map((name) => [name, `/user/repo/${name}`]));
    expect(scrubGitEnv({ ...env, PATH: '/bin' })).to.deep.equal({ PATH: '/bin' });
  });

  it('keeps what is not about one repository: git -c values, identity, editor, and look-alike names', function () {
    const kept = {
      GIT_CONFIG_PARAMETERS: "'user.name'='x'",
      GIT_CONFIG_COUNT: '1',
      GIT_CONFIG_KEY_0: 'core.pager',
      GIT_CONFIG_VALUE_0: 'cat',
      GIT_AUTHOR_NAME: 'A',
      GIT_EDITOR: 'true',
      GIT_SSH_COMMAND: 'ssh',
      GIT_DIRECTORY: 'not git',
      git_dir: 'lower case is another variable',
      HOME: '/root',
    };
    expect(scrubGitEnv(kept)).to.deep.equal(kept);
  });

  it('returns a new object and leaves its argument alone', function () {
    const env = { GIT_DIR: '.git', PATH: '/bin' };
    const scrubbed = scrubGitEnv(env);
    expect(env).to.deep.equal({ GIT_DIR: '.git', PATH: '/bin' });
    expect(scrubbed).to.not.equal(env);
  });
});
