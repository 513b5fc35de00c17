import { parseSize } from '../core/cache/parse-size.js';
import type { JobDefinition, JobDependency } from '../core/types.js';
import type { ConfigFile, JobEntry } from './config-schema.js';
import type { ConfigProblem, SpecgateConfig } from './types.js';

/**
 * Turns a validated configuration file into a {@link SpecgateConfig}: resolves `parent` inheritance
 * (a child overrides its parent attribute by attribute; `env` is merged), drops abstract jobs and applies
 * defaults. Reports what inheritance alone reveals: an unknown parent, an inheritance cycle, a job left
 * with nothing to run. Pipelines are kept as written; `checkConfigRules` checks the names they give.
 */
export function normalizeConfig(
  input: ConfigFile,
  filepath?: string,
): { config: SpecgateConfig; problems: ConfigProblem[] } {
  const problems: ConfigProblem[] = [];
  const entries = input.jobs ?? {};
  const resolved = new Map<string, JobEntry>();

  const resolve = (name: string, chain: string[]): JobEntry => {
    const known = resolved.get(name);
    if (known) return known;
    const own = entries[name];
    const parentName = own.parent;
    let merged: JobEntry = { ...own };
    if (parentName !== undefined) {
      if (!Object.hasOwn(entries, parentName)) {
        problems.push({ path: `jobs.${name}.parent`, message: `unknown job '${parentName}'` });
      } else if (chain.includes(parentName)) {
        const message = `inheritance cycle: ${[...chain, parentName].join(' -> ')}`;
        problems.push({ path: `jobs.${name}.parent`, message });
      } else {
        const parent = resolve(parentName, [...chain, parentName]);
        // `abstract` is not inherited: a concrete child of an abstract parent is what abstract jobs are for.
        const { abstract: _abstract, ...inherited } = parent;
        merged = { ...inherited, ...own, env: { ...parent.env, ...own.env } };
      }
    }
    resolved.set(name, merged);
    return merged;
  };

  const jobs: JobDefinition[] = [];
  for (const name of Object.keys(entries)) {
    const job = resolve(name, [name]);
    if (job.abstract === true) continue;
    if (job.run === undefined) {
      const message = 'missing: every job that is not abstract needs a command to run';
      problems.push({ path: `jobs.${name}.run`, message });
      continue;
    }
    jobs.push(toJobDefinition(name, job, job.run));
  }

  const every = jobs.map((job) => job.name);
  return {
    problems,
    config: {
      filepath,
      target: input.target,
      mergeMode: input['merge-mode'],
      allowCircularDependencies: input['allow-circular-dependencies'],
      jobs,
      pipelines: { check: input.pipelines?.check ?? every, gate: input.pipelines?.gate ?? every },
      prepare: input.prepare ?? [],
      ...(input.cache?.['max-size'] !== undefined && { cacheMaxBytes: parseSize(input.cache['max-size']) }),
    },
  };
}

function toJobDefinition(name: string, job: JobEntry, run: string): JobDefinition {
  const env = Object.fromEntries(Object.entries(job.env ?? {}).map(([key, value]) => [key, String(value)]));
  const dependencies: JobDependency[] = (job.dependencies ?? []).map((dep) =>
    typeof dep === 'string' ? { name: dep, soft: false } : { name: dep.name, soft: dep.soft ?? false },
  );
  return {
    name,
    run,
    env,
    timeout: job.timeout,
    voting: job.voting ?? true,
    attempts: job.attempts ?? 1,
    cache: job.cache ?? true,
    dependencies,
    cwd: job.cwd,
    files: job.files,
    irrelevantFiles: job['irrelevant-files'],
  };
}
