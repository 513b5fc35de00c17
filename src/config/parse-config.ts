import { completeConfig } from './complete-config.js';
import type { ConfigProblem, SpecgateConfig } from './types.js';
import { validateConfig } from './validate-config.js';

/**
 * The contents of a configuration file made specgate's configuration: validate (the schema) → normalise
 * (inheritance, defaults) → rules (what only the whole file can break). Pure: it prints nothing and
 * throws nothing; `config` is there when `errors` is empty. `warnings` are problems that do not stop a
 * run, for the command layer to print (none today: an unknown key is an error, as DESIGN.md says).
 *
 * @param args.raw the parsed file (`package.json#specgate`: that key's value).
 * @param args.filepath where it came from, kept in the configuration.
 */
export function parseConfig(args: { raw: unknown; filepath?: string }): {
  config?: SpecgateConfig;
  warnings: ConfigProblem[];
  errors: ConfigProblem[];
} {
  const validated = validateConfig(args.raw);
  if (!validated.config) return { warnings: [], errors: validated.problems };
  return completeConfig({ input: validated.config, filepath: args.filepath });
}
