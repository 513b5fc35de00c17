import type * as nodeFs from 'node:fs';
import path from 'node:path';
import { UserError } from '../../errors/specgate-error.js';
import { parseGitConfig } from './parse-git-config.js';

/**
 * Extensions of `core.repositoryformatversion = 1` that leave what specgate reads and writes as it
 * expects: `noop`, `preciousObjects` (specgate only adds objects), `partialClone` (read by the clone
 * handling) and `worktreeConfig` (per-worktree config files). Every other one changes the on-disk format.
 */
const HARMLESS_EXTENSIONS: ReadonlySet<string> = new Set([
  'noop',
  'noop-v1',
  'preciousobjects',
  'partialclone',
  'worktreeconfig',
]);

/** Why specgate cannot honour an extension git knows, by its lower-cased name and value. */
function explain(name: string, value: string): string | undefined {
  if (name === 'objectformat')
    return value.toLowerCase() === 'sha1' ? undefined : `specgate supports only sha1 repositories`;
  if (name === 'refstorage')
    return value.toLowerCase() === 'files' ? undefined : `specgate reads refs only from files`;
  if (name === 'compatobjectformat') return `specgate cannot keep a second object format's mapping`;
  return undefined;
}

/**
 * Refuses, as git does for a repository newer than it knows, a repository whose format specgate would
 * misread: `core.repositoryformatversion` above 1, an object format other than sha1
 * (`extensions.objectFormat = sha256`), refs not kept in files (`extensions.refStorage = reftable`), or
 * (in version 1) any extension specgate does not know. Throws an `UNSUPPORTED_REPOSITORY` user error of
 * one line naming the repository, the setting and its value; a `BAD_GIT_CONFIG` one for a config line git
 * does not parse. Extensions in a version-0 repository are
 * ignored, as git ignores them, except those that change the format (git refuses those too).
 *
 * @param args.commonDir the repository's common git directory, whose `config` holds the format.
 * @param args.repository how to name the repository in the message (its working tree, or git directory).
 */
export function checkRepositoryFormat(args: {
  fs: typeof nodeFs;
  commonDir: string;
  repository: string;
}): void {
  let text: string;
  const file = path.join(args.commonDir, 'config');
  try {
    text = args.fs.readFileSync(file, 'utf8');
  } catch {
    return; // no config: version 0, no extensions, as git reads it
  }
  const { version, extensions } = parseFormat(text, file);
  if (!Number.isInteger(version) || version < 0 || version > 1) {
    throw new UserError(
      'UNSUPPORTED_REPOSITORY',
      `specgate supports only repository format versions 0 and 1: ${args.repository} has core.repositoryformatversion = ${version}`,
    );
  }
  for (const [name, { key, value }] of extensions) {
    const why = explain(name, value);
    if (why !== undefined)
      throw new UserError(
        'UNSUPPORTED_REPOSITORY',
        `${why}: ${args.repository} has extensions.${key} = ${value}`,
      );
    if (version === 1 && !HARMLESS_EXTENSIONS.has(name) && !JUDGED_BY_VALUE.has(name)) {
      throw new UserError(
        'UNSUPPORTED_REPOSITORY',
        `specgate does not know the repository extension extensions.${key} (= ${value}) of ${args.repository}`,
      );
    }
  }
}

/** Extensions `explain` judges by value: allowed when their value is the one specgate reads. */
const JUDGED_BY_VALUE: ReadonlySet<string> = new Set(['objectformat', 'refstorage']);

/** `core.repositoryformatversion` and the `[extensions]` entries of a git config file; later entries win. */
function parseFormat(
  text: string,
  file: string,
): { version: number; extensions: Map<string, { key: string; value: string }> } {
  let version = 0;
  const extensions = new Map<string, { key: string; value: string }>();
  for (const { key, value, spelled } of parseGitConfig(text, file)) {
    if (key === 'core.repositoryformatversion') version = Number(value ?? 'true');
    if (!key.startsWith('extensions.')) continue;
    const name = key.slice('extensions.'.length);
    extensions.set(name, { key: spelled, value: value ?? 'true' });
  }
  return { version, extensions };
}
