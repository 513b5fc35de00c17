import { findCycles } from '../core/queue/find-cycles.js';
import type { ConfigFile } from './config-schema.js';
import type { ConfigProblem, SpecgateConfig } from './types.js';

/**
 * The rules that only the whole configuration can break, checked on the normalised `config` (`input` is
 * the file it came from, to tell an abstract job from a missing one): every dependency names a concrete
 * job, dependencies have no cycle, every job a pipeline names exists and is not abstract.
 */
export function checkConfigRules(args: { input: ConfigFile; config: SpecgateConfig }): ConfigProblem[] {
  const { input, config } = args;
  const problems: ConfigProblem[] = [];
  const names = new Set(config.jobs.map((job) => job.name));
  const why = (name: string): string =>
    input.jobs?.[name]?.abstract === true ? 'is abstract and never runs' : 'is not a job';
  const unknown = (path: string, name: string) => problems.push({ path, message: `'${name}' ${why(name)}` });

  for (const job of config.jobs) {
    job.dependencies.forEach((dep, index) => {
      if (!names.has(dep.name)) unknown(`jobs.${job.name}.dependencies[${index}]`, dep.name);
    });
  }
  const edges = new Map(config.jobs.map((job) => [job.name, job.dependencies.map((dep) => dep.name)]));
  for (const cycle of findCycles([...edges.keys()], (name) => edges.get(name) ?? [])) {
    const message = `dependency cycle between jobs ${cycle.join(', ')}`;
    problems.push({ path: `jobs.${cycle[0]}.dependencies`, message });
  }
  for (const mode of ['check', 'gate'] as const) {
    input.pipelines?.[mode]?.forEach((name, index) => {
      if (!names.has(name)) unknown(`pipelines.${mode}[${index}]`, name);
    });
  }
  return problems;
}
