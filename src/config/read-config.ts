import path from 'node:path';
import { UserError } from '../errors/specgate-error.js';
import { loadConfigFile } from './load-config-file.js';
import { acceptConfigFile } from './accept-config-file.js';
import { completeConfig } from './complete-config.js';
import type { SpecgateConfig } from './types.js';

/** The configuration used when a repository has none: no jobs, so every change that merges passes. */
const EMPTY: Omit<SpecgateConfig, 'filepath'> = {
  mergeMode: 'merge',
  allowCircularDependencies: false,
  jobs: [],
  pipelines: { check: [], gate: [] },
  prepare: [],
};

/**
 * Reads specgate's configuration and makes it usable (`parseConfig`: validate → normalise → rules).
 * Every problem is collected, not only the first; if there is any, throws one {@link UserError} whose
 * message has one line per problem, each naming the file and the key path
 * (`.specgaterc.yml: jobs.unit.timeout: expected a number of seconds, got "soon"`).
 */
export async function readConfig(args: {
  cwd: string;
  repoRoot: string;
  file?: string;
}): Promise<SpecgateConfig> {
  let raw;
  try {
    raw = await loadConfigFile({
      cwd: args.cwd,
      stopDir: args.repoRoot,
      file: args.file && path.resolve(args.cwd, args.file),
    });
  } catch (error) {
    // Parsers put the file on the first line and what is wrong, with its position, on the second.
    const lines = (error instanceof Error ? error.message : String(error))
      .split('\n')
      .map((line) => line.trim());
    const reason = lines.filter(Boolean).slice(0, 2).join(' ');
    const culprit = args.file ?? 'configuration file';
    throw new UserError('BAD_CONFIG', `cannot read ${culprit}: ${reason}`);
  }
  if (!raw) return { ...EMPTY };

  const shown = path.relative(args.cwd, raw.filepath) || raw.filepath;
  // A file the precompiled check accepts needs no zod; zod (loaded only then) says what is wrong with the others.
  const accepted = acceptConfigFile(raw.config);
  const { config, errors } = accepted
    ? completeConfig({ input: accepted, filepath: raw.filepath })
    : (await import('./parse-config.js')).parseConfig({ raw: raw.config, filepath: raw.filepath });
  if (!config) {
    const lines = errors.map((p) => `${shown}: ${p.path}: ${p.message}`);
    throw new UserError('BAD_CONFIG', lines.join('\n'), { suggestion: 'fix the keys named above' });
  }
  return config;
}
