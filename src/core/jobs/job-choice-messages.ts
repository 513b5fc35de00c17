/**
 * Why a job runs or is skipped for a change, as `specgate jobs` prints it and as a SKIPPED job's message.
 * Kept apart from the rules in `choose-jobs.ts` so the wording can change without touching them.
 */
export const jobChoiceMessages = {
  filesMatch: (file: string, pattern: string) => `${file} matches files pattern ${pattern}`,
  filesNoMatch: (patterns: string[]) => `no changed file matches files (${patterns.join(', ')})`,
  relevantFile: (file: string, patterns: string[]) =>
    `${file} does not match irrelevant-files (${patterns.join(', ')})`,
  allIrrelevant: (patterns: string[]) =>
    `every changed file matches irrelevant-files (${patterns.join(', ')})`,
  both: (files: string, irrelevant: string) => `${files}, and ${irrelevant}`,
  noChangedFiles: () => 'the change touches no file, so file matchers do not apply',
  configChanged: () => 'its configuration changed in this change',
  configFileChanged: () => 'the configuration file changed in this change',
  neededBy: (job: string) => `needed by ${job}, whose configuration changed in this change`,
  dependencySkipped: (dependency: string) => `depends on ${dependency}, which is skipped`,
};
