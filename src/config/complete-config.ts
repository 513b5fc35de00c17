import { checkConfigRules } from './check-config-rules.js';
import type { ConfigFile } from './config-schema.js';
import { normalizeConfig } from './normalize-config.js';
import type { ConfigProblem, SpecgateConfig } from './types.js';

/**
 * A configuration file that passed the schema made specgate's configuration: normalise (inheritance,
 * defaults) → rules (what only the whole file can break). Pure; `config` is there when `errors` is empty.
 * The second half of {@link parseConfig}, shared with the path that reads a file the precompiled check
 * accepted.
 */
export function completeConfig(args: { input: ConfigFile; filepath?: string }): {
  config?: SpecgateConfig;
  warnings: ConfigProblem[];
  errors: ConfigProblem[];
} {
  const { config, problems } = normalizeConfig(args.input, args.filepath);
  const errors = [...problems, ...checkConfigRules({ input: args.input, config })];
  return errors.length > 0 ? { warnings: [], errors } : { config, warnings: [], errors };
}
