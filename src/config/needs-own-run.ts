/**
 * Whether `job`, a job as written, must say what to run itself: a mapping with no `run`, no `parent` to
 * inherit one from, and not abstract. The schema cannot say this (an editor accepts such a job); the
 * validator reports it beside the schema's problems, and the precompiled check sends such a file to it.
 */
export function needsOwnRun(job: unknown): boolean {
  if (typeof job !== 'object' || job === null || Array.isArray(job)) return false;
  const { run, parent, abstract } = job as Record<string, unknown>;
  return run === undefined && parent === undefined && abstract !== true;
}
