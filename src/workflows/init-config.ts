import path from 'node:path';
import { Document, isScalar, parse, visit } from 'yaml';
import { UserError } from '../errors/specgate-error.js';
import type { Adapters, ConfigAdapter, FileSystem, Repository } from './adapters.js';
import { parseConfig } from '../config/parse-config.js';
import { suggestJobs, type SuggestedJobs } from '../core/jobs/suggest-jobs.js';

/** The name of the file `specgate init` writes at the repository root. */
export const INIT_FILE_NAME = '.specgaterc.yml';

const SCHEMA_LINE = '# yaml-language-server: $schema=./node_modules/specgate/schema/specgate.schema.json';

/** What `specgate init` wrote. */
export interface InitResult {
  /** Absolute path of the file written. */
  file: string;
  /** The text written to it. */
  content: string;
  target: string;
  /** Names of the jobs written, in order (empty when none was detected). */
  jobs: string[];
  /** Commands of the prepare steps written. */
  prepare: string[];
  /** Whether the prepare step installs with no lock file (`npm install`, keyed by package.json). */
  withoutLockFile: boolean;
  /** Scripts given no job because another job's script already runs them (`runBy`: that job). */
  leftOut: Array<{ job: string; script: string; runBy: string }>;
  /** Whether a package.json was found to detect jobs from. */
  detected: boolean;
  /** The configuration file that existed before (only with `force`). */
  replaced?: string;
  /** A configuration that still takes precedence over the file written (only with `force`). */
  shadowedBy?: string;
}

/**
 * Writes a starter `.specgaterc.yml` at the root of the repository containing `cwd`: `target` from
 * {@link guessTarget}, jobs and a prepare step from the root `package.json` and lock file
 * ({@link suggestJobs}). Refuses with a `BAD_USAGE` user error when a configuration already exists (found
 * as every command finds it: from `cwd` up to the repository root) unless `force`. The file is checked
 * against specgate's own validation before it is written.
 */
export async function initConfig(args: {
  cwd: string;
  force: boolean;
  adapters: Pick<Adapters, 'git' | 'config' | 'files'>;
}): Promise<InitResult> {
  const { config, files } = args.adapters;
  const cwd = path.resolve(args.cwd);
  const repository = args.adapters.git.open({ cwd });
  const root = repository.dir;
  if (!root) {
    throw new UserError(
      'BAD_USAGE',
      `${repository.gitdir} is a bare repository: init writes its file in a working tree`,
    );
  }
  const file = path.join(root, INIT_FILE_NAME);
  const existing = await findExistingConfig(config, cwd, root);
  if (existing && !args.force) {
    const shown = path.relative(cwd, existing) || existing;
    throw new UserError(
      'BAD_USAGE',
      `a specgate configuration already exists: ${shown} (specgate init --force replaces it)`,
      {
        suggestion: 'edit it, or run specgate init --force to replace it',
      },
    );
  }

  const packageJson = readPackageJson(files, path.join(root, 'package.json'));
  const lockFiles = ['package-lock.json', 'yarn.lock', 'pnpm-lock.yaml'].filter(
    (name) => files.kind(path.join(root, name)) !== undefined,
  );
  const suggested = suggestJobs({
    // A package.json without scripts still has dependencies to install.
    scripts: packageJson ? (packageJson.scripts ?? {}) : undefined,
    lockFiles,
    hasDependencies: packageJson?.hasDependencies,
  });
  const target = guessTarget(repository);
  const content = renderConfig({ target, suggested, detected: packageJson !== undefined });
  assertValid(content);

  files.writeText(file, content);
  // Another file that cosmiconfig finds first would still be the one in use.
  const inUse = existing ? await findExistingConfig(config, cwd, root) : undefined;
  return {
    file,
    content,
    target,
    jobs: Object.keys(suggested.jobs),
    prepare: suggested.prepare.map((step) => step.run),
    withoutLockFile: suggested.withoutLockFile,
    leftOut: suggested.leftOut,
    detected: packageJson !== undefined,
    replaced: existing,
    shadowedBy: inUse && inUse !== file ? inUse : undefined,
  };
}

/**
 * The branch changes most likely merge into: `main` if `refs/heads/main` exists, else `master` if it
 * exists, else the checked-out branch, else `main`.
 */
function guessTarget(repository: Pick<Repository, 'resolveRefName' | 'headBranch'>): string {
  for (const name of ['main', 'master']) if (repository.resolveRefName(`refs/heads/${name}`)) return name;
  // No branch checked out, or no readable HEAD: the default.
  return repository.headBranch() ?? 'main';
}

/** The configuration file in use for `cwd`, or undefined; one that cannot be parsed still counts. */
async function findExistingConfig(
  config: ConfigAdapter,
  cwd: string,
  repoRoot: string,
): Promise<string | undefined> {
  try {
    return (await config.loadFile({ cwd, stopDir: repoRoot }))?.filepath;
  } catch (error) {
    const where = /(\/[^\s:]+)/.exec(error instanceof Error ? error.message : '')?.[1];
    return where ?? 'a configuration file that cannot be parsed';
  }
}

const DEPENDENCY_FIELDS = ['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies'];

function readPackageJson(
  files: FileSystem,
  file: string,
): { scripts?: Record<string, unknown>; hasDependencies: boolean } | undefined {
  const text = files.readText(file);
  if (text === undefined) return undefined;
  try {
    const parsed = JSON.parse(text) as unknown;
    if (typeof parsed !== 'object' || parsed === null) return { hasDependencies: false };
    const fields = parsed as Record<string, unknown>;
    const scripts = fields.scripts;
    return {
      scripts:
        typeof scripts === 'object' && scripts !== null ? (scripts as Record<string, unknown>) : undefined,
      hasDependencies: DEPENDENCY_FIELDS.some((field) => {
        const value = fields[field];
        return typeof value === 'object' && value !== null && Object.keys(value).length > 0;
      }),
    };
  } catch (error) {
    throw new UserError('BAD_USAGE', `cannot read ${file}: ${(error as Error).message}`, {
      suggestion: 'fix package.json, then run specgate init again',
    });
  }
}

function renderConfig(args: { target: string; suggested: SuggestedJobs; detected: boolean }): string {
  const { jobs, prepare, leftOut, withoutLockFile } = args.suggested;
  const lines = [
    SCHEMA_LINE,
    '# specgate configuration, written by `specgate init`: edit it to declare what every change must pass.',
    '# `specgate jobs` shows which jobs would run for a change, and why the others would not.',
    '',
    toYaml({ target: args.target }),
  ];
  if (prepare.length > 0) {
    lines.push(
      '',
      "# Prepares each state's directory before its jobs, cached by the content of the key files.",
      ...(withoutLockFile
        ? ['# No lock file was found: commit one (npm install writes package-lock.json) and use `npm ci`.']
        : []),
      toYaml({ prepare }),
    );
  }
  lines.push('');
  if (Object.keys(jobs).length > 0) {
    lines.push(
      `# Detected from the scripts of package.json.`,
      ...leftOut.map(
        ({ script, runBy }) => `# No job for the ${script} script: the ${runBy} job's script runs it.`,
      ),
      toYaml({ jobs }),
    );
  } else {
    lines.push(
      args.detected
        ? '# No lint, build, test or typecheck script was found in package.json, so there are no jobs yet.'
        : '# No package.json was found, so there are no jobs yet.',
      '# Replace `jobs: {}` with the jobs each change must pass, for example:',
      '#',
      '# jobs:',
      '#   test:',
      '#     run: make test',
      'jobs: {}',
    );
  }
  return `${lines.join('\n')}\n`;
}

/** Block mappings with lists in flow style (`key: [package-lock.json]`), as people write them by hand. */
function toYaml(value: object): string {
  const doc = new Document(value);
  visit(doc, {
    Seq(_, node) {
      if (node.items.every((item) => isScalar(item))) node.flow = true;
    },
  });
  return doc.toString({ flowCollectionPadding: false }).trimEnd();
}

/** The file written must be one specgate itself accepts; anything else is a bug in init. */
function assertValid(content: string): void {
  const problems = parseConfig({ raw: parse(content) }).errors;
  if (problems.length > 0) {
    throw new Error(
      `specgate init produced an invalid configuration: ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`,
    );
  }
}
