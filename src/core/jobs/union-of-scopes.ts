import type { ChangeScope } from '../queue/pipeline-types.js';

/** The scope of several changes judged together (a bundle, a batch): every file and job any of them touches. */
export function unionOfScopes(scopes: ChangeScope[]): ChangeScope {
  const configs = scopes.map((scope) => scope.configChangedJobs);
  return {
    files: [...new Set(scopes.flatMap((scope) => scope.files))].sort(),
    configChangedJobs: configs.includes('all')
      ? 'all'
      : new Set(configs.flatMap((set) => (set === 'all' ? [] : [...set]))),
  };
}
