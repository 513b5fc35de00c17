import { cosmiconfig } from 'cosmiconfig';
import { SEARCH_PLACES } from './search-places.js';

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
export async function loadConfigFile(args: {
  cwd: string;
  stopDir: string;
  file?: string;
}): Promise<RawConfig | undefined> {
  const explorer = cosmiconfig('specgate', {
    searchPlaces: [...SEARCH_PLACES],
    searchStrategy: 'global',
    stopDir: args.stopDir,
    cache: false,
  });
  const result = args.file ? await explorer.load(args.file) : await explorer.search(args.cwd);
  if (!result || result.isEmpty) return result ? { filepath: result.filepath, config: {} } : undefined;
  return { filepath: result.filepath, config: result.config };
}
