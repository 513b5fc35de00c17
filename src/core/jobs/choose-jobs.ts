import { jobChoiceMessages as say } from './job-choice-messages.js';
import type { JobDefinition, JobOutcome } from '../types.js';

/**
 * Turns one file-matcher pattern of a job into a test of a repo-relative path (`/`-separated). It names
 * the job and the key (`files`, `irrelevant-files`) so that an invalid pattern can be refused by name.
 */
export type GlobCompiler = (
  pattern: string,
  at: { job: string; key: 'files' | 'irrelevant-files' },
) => (path: string) => boolean;

/** Which of one change's jobs run, and why each runs or is skipped. */
export interface ChosenJobs {
  /**
   * The jobs that run, in the order given, ready for `runJobGraph`: every dependency left names a job that
   * runs (soft dependencies on skipped jobs are dropped; a skipped hard dependency skips the job instead).
   */
  run: JobDefinition[];
  /** A SKIPPED outcome for each other job, in the order given, its `message` saying why. */
  skipped: JobOutcome[];
  /**
   * Why each job runs or is skipped, by name. A job that runs because nothing restricts it (no file
   * matcher, no configuration change, no skipped hard dependency) has no entry.
   */
  reasons: Map<string, string>;
}

/**
 * Applies Zuul's file matchers to the jobs of one change: which run, which are SKIPPED, and why.
 *
 * - `files`: the job runs only if some changed file matches some pattern.
 * - `irrelevant-files`: the job is skipped if every changed file matches some pattern.
 * - Both: the job must pass both tests, each over all the changed files (Zuul's `Job.changeMatchesFiles`).
 *   So with `files: ['a/**']` and `irrelevant-files: ['**\/*.py']`, a change to `a/x.py` and `b/y.c` runs
 *   the job: `a/x.py` matches `files`, and `b/y.c` is relevant.
 * - An empty pattern list is no matcher (a child job can clear a matcher it inherits with `files: []`).
 * - A change that touches no file (its tip is already in the target, or its commits are empty) skips
 *   nothing: Zuul ignores file matchers for refs without files, since it cannot tell what they touch.
 * - A job named in `configChangedJobs` runs whatever its matchers say, and so do, transitively, its hard
 *   dependencies (Zuul's `match-on-config-updates`, default true: a change to a job tests that job).
 *   `'all'` means every job's configuration may have changed (a JavaScript config file changed).
 * - A job whose hard dependency is skipped is skipped too, naming the dependency; a soft dependency that
 *   is skipped is dropped and the job decided on its own. Zuul reports a hard dependency on a job that
 *   does not run as an error and runs nothing; specgate skips instead, because SKIPPED is what a file
 *   matcher means ("not relevant to this change"), and the results list says which job started it.
 *
 * Patterns are globs, compiled by `compileGlob` (specgate's is `jobs/compile-glob.ts`, picomatch with
 * `dot: true`) and matched against the whole repo-relative path: `*.md` matches `README.md` only, `**\/*.md`
 * every Markdown file, `src/**` everything under `src/`. This departs from Zuul, whose patterns are regular
 * expressions matched at the start of the path, to follow the path filters of GitHub Actions and GitLab
 * CI, which users of specgate's YAML will know. Patterns are compiled only for changes that touch files.
 *
 * Dependencies on jobs not in `jobs` are ignored (and dropped), as `selectJobs` drops them.
 *
 * @param args.jobs the jobs of the pipeline, as `selectJobs` gives them.
 * @param args.changedFiles the change's files, as `listChangedFiles` gives them.
 * @param args.compileGlob compiles a pattern; what it throws for an invalid one (specgate's: a UserError
 *   BAD_CONFIG naming the job and the pattern) goes through.
 */
export function chooseJobs(args: {
  jobs: JobDefinition[];
  changedFiles: readonly string[];
  configChangedJobs?: ReadonlySet<string> | 'all';
  compileGlob: GlobCompiler;
}): ChosenJobs {
  const { jobs, changedFiles, compileGlob } = args;
  const byName = new Map(jobs.map((job) => [job.name, job]));
  const configChanged = (name: string) =>
    args.configChangedJobs === 'all' || (args.configChangedJobs?.has(name) ?? false);
  const configReason = args.configChangedJobs === 'all' ? say.configFileChanged() : say.configChanged();
  const hardDependencies = (job: JobDefinition) =>
    job.dependencies.filter((dep) => !dep.soft && byName.has(dep.name));

  // Jobs that must run because a job whose configuration changed needs them, with the first such job.
  const neededBy = new Map<string, string>();
  const need = (job: JobDefinition, by: string) => {
    for (const dep of hardDependencies(job)) {
      if (neededBy.has(dep.name) || configChanged(dep.name)) continue;
      neededBy.set(dep.name, by);
      need(byName.get(dep.name)!, by);
    }
  };
  for (const job of jobs) if (configChanged(job.name)) need(job, job.name);

  const decisions = new Map<string, { runs: boolean; reason?: string }>();
  const decide = (job: JobDefinition): { runs: boolean; reason?: string } => {
    const known = decisions.get(job.name);
    if (known) return known;
    let decision: { runs: boolean; reason?: string } | undefined;
    for (const dep of hardDependencies(job)) {
      if (!decide(byName.get(dep.name)!).runs) {
        decision = { runs: false, reason: say.dependencySkipped(dep.name) };
        break;
      }
    }
    if (!decision && configChanged(job.name)) decision = { runs: true, reason: configReason };
    if (!decision) {
      decision = matchFiles(job, changedFiles, compileGlob);
      const by = neededBy.get(job.name);
      if (!decision.runs && by !== undefined) decision = { runs: true, reason: say.neededBy(by) };
    }
    decisions.set(job.name, decision);
    return decision;
  };

  const chosen: ChosenJobs = { run: [], skipped: [], reasons: new Map() };
  for (const job of jobs) {
    const { runs, reason } = decide(job);
    if (reason !== undefined) chosen.reasons.set(job.name, reason);
    if (!runs) {
      chosen.skipped.push({
        name: job.name,
        result: 'SKIPPED',
        voting: job.voting,
        attempts: 0,
        cached: false,
        durationMs: 0,
        message: reason,
      });
    }
  }
  for (const job of jobs) {
    if (!decisions.get(job.name)!.runs) continue;
    const dependencies = job.dependencies.filter(
      (dep) => byName.has(dep.name) && decisions.get(dep.name)!.runs,
    );
    chosen.run.push(dependencies.length === job.dependencies.length ? job : { ...job, dependencies });
  }
  return chosen;
}

/** The verdict of a job's own file matchers on a change; no reason when it has none. */
function matchFiles(
  job: JobDefinition,
  changedFiles: readonly string[],
  compileGlob: GlobCompiler,
): { runs: boolean; reason?: string } {
  const files = job.files?.length ? job.files : undefined;
  const irrelevant = job.irrelevantFiles?.length ? job.irrelevantFiles : undefined;
  if (!files && !irrelevant) return { runs: true };
  if (changedFiles.length === 0) return { runs: true, reason: say.noChangedFiles() };

  let filesReason: string | undefined;
  if (files) {
    const matchers = files.map((pattern) => compileGlob(pattern, { job: job.name, key: 'files' }));
    for (const file of changedFiles) {
      const index = matchers.findIndex((matches) => matches(file));
      if (index !== -1) {
        filesReason = say.filesMatch(file, files[index]);
        break;
      }
    }
    if (filesReason === undefined) return { runs: false, reason: say.filesNoMatch(files) };
    if (!irrelevant) return { runs: true, reason: filesReason };
  }
  const matchers = irrelevant!.map((pattern) =>
    compileGlob(pattern, { job: job.name, key: 'irrelevant-files' }),
  );
  const relevant = changedFiles.find((file) => !matchers.some((matches) => matches(file)));
  if (relevant === undefined) return { runs: false, reason: say.allIrrelevant(irrelevant!) };
  const irrelevantReason = say.relevantFile(relevant, irrelevant!);
  return {
    runs: true,
    reason: filesReason === undefined ? irrelevantReason : say.both(filesReason, irrelevantReason),
  };
}
