import { scriptsRunBy } from './scripts-run-by.js';

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
  /** Jobs not proposed because the script of another job already runs theirs (`runBy`: that job). */
  leftOut: Array<{ job: string; script: string; runBy: string }>;
  /** Whether the prepare step installs with no lock file to install from (`npm install`). */
  withoutLockFile: boolean;
}

/** Lock files and the install command that reproduces each one exactly, in order of preference. */
const INSTALLERS: ReadonlyArray<{ lockFile: string; run: string }> = [
  { lockFile: 'package-lock.json', run: 'npm ci' },
  { lockFile: 'yarn.lock', run: 'yarn install --frozen-lockfile' },
  { lockFile: 'pnpm-lock.yaml', run: 'pnpm install --frozen-lockfile' },
];

/**
 * With no lock file, an install that still gives each state its dependencies; it writes no package-lock.json
 * into the state, which is to stay the commit's checkout.
 */
const INSTALL_WITHOUT_LOCK_FILE = 'npm install --no-package-lock --no-audit --no-fund';

/** The test script `npm init` writes: it always fails, so it is not a job. */
const NPM_INIT_TEST = /no test specified/;

/**
 * Proposes specgate jobs from a project's `package.json` scripts, with no I/O: `lint` → `lint`,
 * `typecheck` (or `type-check`) → `typecheck`, `build` → `build`, `test` → `test` (depending on `build`
 * when both exist); each job runs `npm run <script>`. The placeholder test script of `npm init` is left
 * out, and so is a job whose script another proposed job's script already runs ({@link scriptsRunBy}:
 * `test: npm run lint && mocha` makes no `lint` job), so that each script's work runs once; those are
 * listed in `leftOut`. When one of `lockFiles` is a known lock file, a prepare step installs the
 * dependencies from it, keyed by it, producing `node_modules`; without one, a project that has
 * `dependencies` gets `npm install` keyed by `package.json` (`withoutLockFile`). `scripts` undefined (no
 * package.json) gives no jobs and no prepare step.
 */
export function suggestJobs(args: {
  scripts?: Record<string, unknown>;
  lockFiles: readonly string[];
  /** Whether package.json declares any dependencies, dev, optional or peer. */
  hasDependencies?: boolean;
}): SuggestedJobs {
  const scripts = Object.fromEntries(
    Object.entries(args.scripts ?? {}).filter(
      (entry): entry is [string, string] => typeof entry[1] === 'string' && entry[1].trim() !== '',
    ),
  );
  const candidates: Array<{ job: string; script: string }> = [];
  if ('lint' in scripts) candidates.push({ job: 'lint', script: 'lint' });
  const typecheck = ['typecheck', 'type-check'].find((name) => name in scripts);
  if (typecheck) candidates.push({ job: 'typecheck', script: typecheck });
  if ('build' in scripts) candidates.push({ job: 'build', script: 'build' });
  if ('test' in scripts && !NPM_INIT_TEST.test(scripts.test))
    candidates.push({ job: 'test', script: 'test' });

  const runs = new Map(candidates.map(({ script }) => [script, scriptsRunBy(scripts, script)]));
  // Scripts that run each other (a cycle) both stay: neither is only a part of the other.
  const covers = (other: { script: string }, script: string) =>
    other.script !== script && runs.get(other.script)!.has(script) && !runs.get(script)!.has(other.script);
  const kept = candidates.filter(({ script }) => !candidates.some((other) => covers(other, script)));
  // Named by a job that stays: one that runs a left-out job's runner runs that job too.
  const leftOut = candidates
    .filter((candidate) => !kept.includes(candidate))
    .map(({ job, script }) => ({ job, script, runBy: kept.find((other) => covers(other, script))!.job }));
  const jobs: Record<string, SuggestedJob> = {};
  const names = new Set(kept.map(({ job }) => job));
  for (const { job, script } of kept) {
    const run = `npm run ${script}`;
    jobs[job] = job === 'test' && names.has('build') ? { run, dependencies: ['build'] } : { run };
  }

  if (args.scripts === undefined) return { jobs, prepare: [], leftOut, withoutLockFile: false };
  const installer = INSTALLERS.find(({ lockFile }) => args.lockFiles.includes(lockFile));
  if (installer) {
    const prepare = [{ run: installer.run, key: [installer.lockFile], paths: ['node_modules'] }];
    return { jobs, prepare, leftOut, withoutLockFile: false };
  }
  if (!args.hasDependencies) return { jobs, prepare: [], leftOut, withoutLockFile: false };
  const prepare = [{ run: INSTALL_WITHOUT_LOCK_FILE, key: ['package.json'], paths: ['node_modules'] }];
  return { jobs, prepare, leftOut, withoutLockFile: true };
}
