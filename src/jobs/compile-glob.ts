import { createRequire } from 'node:module';
import type picomatchType from 'picomatch';
import { UserError } from '../errors/specgate-error.js';

// Patterns are compiled once per process, not once per change.
const compiled = new Map<string, picomatchType.Matcher>();
// Required on the first pattern: most runs (every job without a file matcher) never match a path, and
// picomatch is among the heavier imports of a start-up that a pre-push hook pays on every push.
let picomatch: typeof picomatchType | undefined;

/**
 * Compiles a file-matcher pattern of job `at.job` (specgate's `GlobCompiler` for `chooseJobs`): a
 * picomatch glob (`dot: true`, `/` as the only separator, as in git paths) matched against the whole
 * repo-relative path.
 *
 * @throws UserError (BAD_CONFIG) naming the job, the key and the pattern when it is not a valid glob.
 */
export function compileGlob(pattern: string, at: { job: string; key: string }): (path: string) => boolean {
  picomatch ??= createRequire(import.meta.url)('picomatch') as typeof picomatchType;
  let matcher = compiled.get(pattern);
  if (!matcher) {
    try {
      // Git paths always use `/`, whatever the platform.
      matcher = picomatch(pattern, { dot: true, windows: false });
    } catch (error) {
      throw new UserError(
        'BAD_CONFIG',
        `jobs.${at.job}.${at.key}: invalid glob pattern '${pattern}': ${(error as Error).message}`,
        {
          suggestion: 'write a glob such as src/** or **/*.md',
        },
      );
    }
    compiled.set(pattern, matcher);
  }
  return matcher;
}
