import { findCycles } from '../core/find-cycles.js';
import type { JobDefinition, JobDependency, Mode } from '../core/types.js';
import type { ConfigProblem, MergeMode, SpecgateConfig } from './types.js';

type RawJob = Record<string, unknown>;

/**
 * Turns a validated raw configuration into a {@link SpecgateConfig}: resolves `parent` inheritance
 * (a child overrides its parent attribute by attribute; `env` is merged), drops abstract jobs, applies
 * defaults, and reports the problems only visible across jobs: unknown parents or dependencies, cycles,
 * pipelines naming jobs that do not exist.
 */
export function normalizeConfig(raw: Record<string, unknown>, filepath?: string): { config: SpecgateConfig; problems: ConfigProblem[] } {
  const problems: ConfigProblem[] = [];
  const rawJobs = (raw.jobs ?? {}) as Record<string, RawJob>;
  const resolved = new Map<string, RawJob>();

  const resolve = (name: string, chain: string[]): RawJob => {
    const known = resolved.get(name);
    if (known) return known;
    const own = rawJobs[name];
    const parentName = own.parent as string | undefined;
    let merged: RawJob = { ...own };
    if (parentName !== undefined) {
      if (!(parentName in rawJobs)) {
        problems.push({ path: `jobs.${name}.parent`, message: `unknown job '${parentName}'` });
      } else if (chain.includes(parentName)) {
        problems.push({ path: `jobs.${name}.parent`, message: `inheritance cycle: ${[...chain, parentName].join(' -> ')}` });
      } else {
        const parent = resolve(parentName, [...chain, parentName]);
        // `abstract` is not inherited: a concrete child of an abstract parent is what abstract jobs are for.
        const { abstract: _abstract, ...inherited } = parent;
        merged = { ...inherited, ...own, env: { ...(parent.env as object), ...(own.env as object) } };
      }
    }
    resolved.set(name, merged);
    return merged;
  };

  const jobs: JobDefinition[] = [];
  const abstractNames = new Set<string>();
  for (const name of Object.keys(rawJobs)) {
    const job = resolve(name, [name]);
    if (job.abstract === true) {
      abstractNames.add(name);
      continue;
    }
    if (typeof job.run !== 'string') {
      problems.push({ path: `jobs.${name}.run`, message: 'missing: every job that is not abstract needs a command to run' });
      continue;
    }
    jobs.push(toJobDefinition(name, job));
  }

  const names = new Set(jobs.map((job) => job.name));
  for (const job of jobs) {
    job.dependencies.forEach((dep, index) => {
      if (!names.has(dep.name)) {
        const why = abstractNames.has(dep.name) ? 'is abstract and never runs' : 'is not a job';
        problems.push({ path: `jobs.${job.name}.dependencies[${index}]`, message: `'${dep.name}' ${why}` });
      }
    });
  }
  const dependencyEdges = new Map(jobs.map((job) => [job.name, job.dependencies.map((dep) => dep.name)]));
  for (const cycle of findCycles([...dependencyEdges.keys()], (name) => dependencyEdges.get(name) ?? [])) {
    problems.push({ path: `jobs.${cycle[0]}.dependencies`, message: `dependency cycle between jobs ${cycle.join(', ')}` });
  }

  const pipelines = {} as Record<Mode, string[]>;
  const rawPipelines = (raw.pipelines ?? {}) as Partial<Record<Mode, string[]>>;
  for (const mode of ['check', 'gate'] as const) {
    const chosen = rawPipelines[mode];
    if (!chosen) {
      pipelines[mode] = jobs.map((job) => job.name);
      continue;
    }
    chosen.forEach((name, index) => {
      if (!names.has(name)) {
        const why = abstractNames.has(name) ? 'is abstract and never runs' : 'is not a job';
        problems.push({ path: `pipelines.${mode}[${index}]`, message: `'${name}' ${why}` });
      }
    });
    pipelines[mode] = chosen.filter((name) => names.has(name));
  }

  return {
    problems,
    config: {
      filepath,
      target: raw.target as string | undefined,
      mergeMode: (raw['merge-mode'] as MergeMode | undefined) ?? 'merge',
      allowCircularDependencies: (raw['allow-circular-dependencies'] as boolean | undefined) ?? false,
      jobs,
      pipelines,
      prepare: (raw.prepare ?? []) as SpecgateConfig['prepare'],
    },
  };
}

function toJobDefinition(name: string, job: RawJob): JobDefinition {
  const env = Object.fromEntries(Object.entries((job.env ?? {}) as Record<string, unknown>).map(([k, v]) => [k, String(v)]));
  const dependencies: JobDependency[] = ((job.dependencies ?? []) as Array<string | { name: string; soft?: boolean }>).map(
    (dep) => (typeof dep === 'string' ? { name: dep, soft: false } : { name: dep.name, soft: dep.soft ?? false }),
  );
  return {
    name,
    run: job.run as string,
    env,
    timeout: job.timeout as number | undefined,
    voting: (job.voting as boolean | undefined) ?? true,
    attempts: (job.attempts as number | undefined) ?? 1,
    cache: (job.cache as boolean | undefined) ?? true,
    dependencies,
    cwd: job.cwd as string | undefined,
    files: job.files as string[] | undefined,
    irrelevantFiles: job['irrelevant-files'] as string[] | undefined,
  };
}
