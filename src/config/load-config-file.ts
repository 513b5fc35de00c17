import { cosmiconfig } from 'cosmiconfig';

/** Where specgate looks for its configuration in each directory, nearest first (DESIGN.md, Configuration). */
const SEARCH_PLACES = [
  'package.json',
  '.specgaterc',
  '.specgaterc.json',
  '.specgaterc.yaml',
  '.specgaterc.yml',
  '.specgaterc.js',
  '.specgaterc.cjs',
  '.specgaterc.mjs',
  'specgate.config.js',
  'specgate.config.cjs',
  'specgate.config.mjs',
];

/** The raw contents of a configuration file and where it was found. */
export interface RawConfig {
  filepath: string;
  config: unknown;
}

/**
 * Finds and parses the configuration: `file` when given, else the nearest config from `cwd` up to the
 * repository root `stopDir`. Returns undefined when there is none. Parse errors are rethrown with the
 * file name; validation is not done here.
 */
export async function loadConfigFile(args: { cwd: string; stopDir: string; file?: string }): Promise<RawConfig | undefined> {
  const explorer = cosmiconfig('specgate', {
    searchPlaces: SEARCH_PLACES,
    searchStrategy: 'global',
    stopDir: args.stopDir,
    cache: false,
  });
  const result = args.file ? await explorer.load(args.file) : await explorer.search(args.cwd);
  if (!result || result.isEmpty) return result ? { filepath: result.filepath, config: {} } : undefined;
  return { filepath: result.filepath, config: result.config };
}
