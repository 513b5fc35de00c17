/**
 * The variables that point git at one particular repository, as git lists them in `local_repo_env`
 * (environment.c) and clears them with `clear_local_repo_env` (run-command.c) before it runs a command in
 * another repository (a submodule, a promisor fetch). Like git there, the `git -c` values
 * (`GIT_CONFIG_PARAMETERS`, `GIT_CONFIG_COUNT` and its `GIT_CONFIG_KEY_<n>`/`GIT_CONFIG_VALUE_<n>`) are kept:
 * they are the user's request, not a property of the repository. `GIT_NAMESPACE` is not on git's list (git
 * keeps it for a submodule) but it selects refs of the user's repository, so jobs do not get it either.
 */
const LOCAL_REPOSITORY_VARIABLES: ReadonlySet<string> = new Set([
  'GIT_ALTERNATE_OBJECT_DIRECTORIES',
  'GIT_CONFIG',
  'GIT_OBJECT_DIRECTORY',
  'GIT_DIR',
  'GIT_WORK_TREE',
  'GIT_IMPLICIT_WORK_TREE',
  'GIT_GRAFT_FILE',
  'GIT_INDEX_FILE',
  'GIT_NO_REPLACE_OBJECTS',
  'GIT_NO_LAZY_FETCH',
  'GIT_REPLACE_REF_BASE',
  'GIT_PREFIX',
  'GIT_SHALLOW_FILE',
  'GIT_COMMON_DIR',
  'GIT_NAMESPACE',
]);

/**
 * `env` without the variables that would make a git command in a job act on the user's repository instead
 * of the job's state directory (git exports `GIT_DIR` to a pre-push hook run from a linked worktree and
 * `GIT_INDEX_FILE` to a pre-commit hook; specgate inherits them, so its jobs would too). Names are matched
 * exactly, as git does. Returns a new object; `env` is not changed.
 */
export function scrubGitEnv<T extends string | undefined>(
  env: Readonly<Record<string, T>>,
): Record<string, T> {
  return Object.fromEntries(Object.entries(env).filter(([name]) => !LOCAL_REPOSITORY_VARIABLES.has(name)));
}
