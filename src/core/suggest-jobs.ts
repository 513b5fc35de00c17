/** A job `specgate init` proposes, in the shape of the configuration file. */
export interface SuggestedJob {
  run: string;
  dependencies?: string[];
}

/** A prepare step `specgate init` proposes, in the shape of the configuration file. */
export interface SuggestedPrepareStep {
  run: string;
  key: string[];
  paths: string[];
}

/** The jobs and prepare steps proposed for a project, in the order they are written. */
export interface SuggestedJobs {
  jobs: Record<string, SuggestedJob>;
  prepare: SuggestedPrepareStep[];
}

/** Lock files and the install command that reproduces each one exactly, in order of preference. */
const INSTALLERS: ReadonlyArray<{ lockFile: string; run: string }> = [
  { lockFile: 'package-lock.json', run: 'npm ci' },
  { lockFile: 'yarn.lock', run: 'yarn install --frozen-lockfile' },
  { lockFile: 'pnpm-lock.yaml', run: 'pnpm install --frozen-lockfile' },
];

/** The test script `npm init` writes: it always fails, so it is not a job. */
const NPM_INIT_TEST = /no test specified/;

/**
 * Proposes specgate jobs from a project's `package.json` scripts, with no I/O: `lint` → `lint`,
 * `typecheck` (or `type-check`) → `typecheck`, `build` → `build`, `test` → `test` (depending on `build`
 * when both exist); each job runs `npm run <script>`. The placeholder test script of `npm init` is left
 * out. When one of `lockFiles` is a known lock file, a prepare step installs the dependencies from it,
 * keyed by it, producing `node_modules`. `scripts` undefined (no package.json) gives no jobs.
 */
export function suggestJobs(args: {
  scripts?: Record<string, unknown>;
  lockFiles: readonly string[];
}): SuggestedJobs {
  const scripts = Object.fromEntries(
    Object.entries(args.scripts ?? {}).filter(
      (entry): entry is [string, string] => typeof entry[1] === 'string' && entry[1].trim() !== '',
    ),
  );
  const jobs: Record<string, SuggestedJob> = {};
  if ('lint' in scripts) jobs.lint = { run: 'npm run lint' };
  const typecheck = ['typecheck', 'type-check'].find((name) => name in scripts);
  if (typecheck) jobs.typecheck = { run: `npm run ${typecheck}` };
  if ('build' in scripts) jobs.build = { run: 'npm run build' };
  if ('test' in scripts && !NPM_INIT_TEST.test(scripts.test)) {
    jobs.test = 'build' in jobs ? { run: 'npm run test', dependencies: ['build'] } : { run: 'npm run test' };
  }

  const installer =
    args.scripts === undefined
      ? undefined
      : INSTALLERS.find(({ lockFile }) => args.lockFiles.includes(lockFile));
  const prepare = installer
    ? [{ run: installer.run, key: [installer.lockFile], paths: ['node_modules'] }]
    : [];
  return { jobs, prepare };
}
