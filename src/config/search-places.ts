/**
 * Where specgate looks for its configuration in each directory, nearest first (DESIGN.md, Configuration).
 * A module of its own, with no imports, so that the start-up hook can check for these files without
 * loading the config loader.
 */
export const SEARCH_PLACES = [
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
] as const;
