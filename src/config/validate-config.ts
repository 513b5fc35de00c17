import type { ConfigProblem } from './types.js';

const TOP_KEYS = ['target', 'merge-mode', 'allow-circular-dependencies', 'jobs', 'pipelines', 'prepare'];
const PREPARE_KEYS = ['run', 'key', 'paths'];
const JOB_KEYS = [
  'run', 'env', 'timeout', 'voting', 'attempts', 'dependencies', 'cwd', 'parent', 'abstract', 'description',
  'files', 'irrelevant-files', 'cache',
];
const MERGE_MODES = ['merge', 'cherry-pick', 'squash-merge'];
const PIPELINES = ['check', 'gate'];

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isStringList = (value: unknown): value is string[] =>
  Array.isArray(value) && value.every((item) => typeof item === 'string');

/**
 * Checks the shape of a raw configuration and returns every problem found (not only the first), each
 * located by its key path. An empty list means the configuration can be normalised.
 */
export function validateConfig(raw: unknown): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const problem = (path: string, message: string) => problems.push({ path, message });
  if (!isObject(raw)) return [{ path: '(root)', message: 'expected a mapping of settings' }];

  for (const key of Object.keys(raw)) {
    if (!TOP_KEYS.includes(key)) problem(key, `unknown key (known keys: ${TOP_KEYS.join(', ')})`);
  }
  if (raw.target !== undefined && (typeof raw.target !== 'string' || raw.target === '')) {
    problem('target', 'expected a branch name');
  }
  if (raw['merge-mode'] !== undefined && !MERGE_MODES.includes(raw['merge-mode'] as string)) {
    problem('merge-mode', `expected one of ${MERGE_MODES.join(', ')}`);
  }
  if (raw['allow-circular-dependencies'] !== undefined && typeof raw['allow-circular-dependencies'] !== 'boolean') {
    problem('allow-circular-dependencies', 'expected true or false');
  }

  if (raw.jobs !== undefined) {
    if (isObject(raw.jobs)) {
      for (const [name, job] of Object.entries(raw.jobs)) validateJob(`jobs.${name}`, job, problem);
    } else {
      problem('jobs', 'expected a mapping of job names to jobs');
    }
  }

  if (raw.pipelines !== undefined) {
    if (isObject(raw.pipelines)) {
      for (const [name, list] of Object.entries(raw.pipelines)) {
        if (!PIPELINES.includes(name)) problem(`pipelines.${name}`, `unknown pipeline (known: ${PIPELINES.join(', ')})`);
        else if (!isStringList(list)) problem(`pipelines.${name}`, 'expected a list of job names');
      }
    } else {
      problem('pipelines', 'expected a mapping of pipeline names to lists of job names');
    }
  }
  if (raw.prepare !== undefined) {
    if (Array.isArray(raw.prepare)) {
      raw.prepare.forEach((step, index) => validatePrepareStep(`prepare[${index}]`, step, problem));
    } else {
      problem('prepare', 'expected a list of steps ({ run, key, paths })');
    }
  }
  return problems;
}

function validatePrepareStep(path: string, step: unknown, problem: (path: string, message: string) => void): void {
  if (!isObject(step)) {
    problem(path, 'expected a step with run, key and paths');
    return;
  }
  for (const key of Object.keys(step)) {
    if (!PREPARE_KEYS.includes(key)) problem(`${path}.${key}`, `unknown key (known keys: ${PREPARE_KEYS.join(', ')})`);
  }
  if (typeof step.run !== 'string' || step.run.trim() === '') problem(`${path}.run`, 'expected a shell command');
  if (!isStringList(step.key) || step.key.length === 0) problem(`${path}.key`, 'expected a list of files whose content keys the cache');
  if (!isStringList(step.paths) || step.paths.length === 0) problem(`${path}.paths`, 'expected a list of paths the step produces');
}

function validateJob(path: string, job: unknown, problem: (path: string, message: string) => void): void {
  if (!isObject(job)) {
    problem(path, 'expected a mapping with at least `run`');
    return;
  }
  for (const key of Object.keys(job)) {
    if (!JOB_KEYS.includes(key)) problem(`${path}.${key}`, `unknown key (known keys: ${JOB_KEYS.join(', ')})`);
  }
  const optional = (key: string, ok: (value: unknown) => boolean, expected: string) => {
    if (job[key] !== undefined && !ok(job[key])) problem(`${path}.${key}`, expected);
  };
  optional('run', (v) => typeof v === 'string' && v.trim() !== '', 'expected a shell command');
  // A job with a parent may inherit `run`; that case is checked once inheritance is resolved.
  if (job.run === undefined && job.parent === undefined && job.abstract !== true) {
    problem(`${path}.run`, 'missing: every job that is not abstract needs a command to run');
  }
  optional('timeout', (v) => typeof v === 'number' && v > 0, 'expected a number of seconds');
  optional('voting', (v) => typeof v === 'boolean', 'expected true or false');
  optional('cache', (v) => typeof v === 'boolean', 'expected true or false');
  optional('abstract', (v) => typeof v === 'boolean', 'expected true or false');
  optional('attempts', (v) => Number.isInteger(v) && (v as number) >= 1, 'expected a whole number of runs, at least 1');
  optional('cwd', (v) => typeof v === 'string' && v !== '', 'expected a directory relative to the state directory');
  optional('parent', (v) => typeof v === 'string' && v !== '', 'expected the name of another job');
  optional('description', (v) => typeof v === 'string', 'expected text');
  optional('files', isStringList, 'expected a list of glob patterns');
  optional('irrelevant-files', isStringList, 'expected a list of glob patterns');
  optional(
    'env',
    (v) => isObject(v) && Object.values(v).every((x) => ['string', 'number', 'boolean'].includes(typeof x)),
    'expected a mapping of variable names to strings',
  );
  if (job.dependencies !== undefined) {
    if (Array.isArray(job.dependencies)) {
      job.dependencies.forEach((dep, index) => {
        const at = `${path}.dependencies[${index}]`;
        if (typeof dep === 'string') return;
        if (!isObject(dep) || typeof dep.name !== 'string') problem(at, 'expected a job name or { name, soft }');
        else if (dep.soft !== undefined && typeof dep.soft !== 'boolean') problem(`${at}.soft`, 'expected true or false');
        else for (const key of Object.keys(dep)) if (key !== 'name' && key !== 'soft') problem(`${at}.${key}`, 'unknown key (known keys: name, soft)');
      });
    } else {
      problem(`${path}.dependencies`, 'expected a list of job names');
    }
  }
}
