/** How a configuration file is read, told by its name as cosmiconfig tells it. */
export type ConfigFormat = 'package.json' | 'json' | 'yaml' | 'javascript';

const SCRIPT_EXTENSIONS = ['.js', '.cjs', '.mjs', '.ts', '.cts', '.mts'];

/**
 * The format of the configuration file at `filepath` (`/`- or platform-separated): `package.json` (its
 * `specgate` key), `.json`, a script that must run to give its configuration (`.js`, `.cjs`, `.mjs`,
 * `.ts`, ...), else YAML (`.yaml`, `.yml`, or no extension as `.specgaterc`). No imports, so that the
 * start-up hook can use it without loading the config loader.
 */
export function configFormat(filepath: string): ConfigFormat {
  const name = filepath.slice(Math.max(filepath.lastIndexOf('/'), filepath.lastIndexOf('\\')) + 1);
  if (name === 'package.json') return 'package.json';
  const dot = name.lastIndexOf('.');
  // A leading dot starts a name (`.specgaterc`), not an extension.
  const extension = dot > 0 ? name.slice(dot) : '';
  if (extension === '.json') return 'json';
  return SCRIPT_EXTENSIONS.includes(extension) ? 'javascript' : 'yaml';
}
