import fs from 'node:fs';
import path from 'node:path';
import type { Hook } from '@oclif/core/hooks';
import { configFormat } from '../../config/config-format.js';
import { SEARCH_PLACES } from '../../config/search-places.js';

/** Printed above the root help when `specgate` runs with no arguments in a repository with no configuration. */
const HINT = [
  'No specgate configuration found in this repository.',
  'Run `specgate init` to create one from your package.json scripts,',
  'or `specgate check` to check that HEAD merges onto the target (with no jobs).',
].join('\n');

/** The configuration files other than package.json, which is looked into for its `specgate` key. */
const CONFIG_FILES = SEARCH_PLACES.filter((name) => configFormat(name) !== 'package.json');

/**
 * oclif `init` hook: when `specgate` is run with no arguments inside a git repository that has no
 * specgate configuration, prints a short hint at `specgate init` before oclif's root help. Does nothing
 * otherwise. Uses `fs` only (no config loader, no git library) so start-up stays fast.
 */
const hook: Hook.Init = async function (options) {
  if (options.id !== undefined || options.argv.length > 0) return;
  if (needsHint(process.cwd())) process.stdout.write(`${HINT}\n\n`);
};

export default hook;

/** True when `cwd` is inside a git working tree and no directory from `cwd` up to its root holds a configuration. */
function needsHint(cwd: string): boolean {
  for (let dir = path.resolve(cwd); ; dir = path.dirname(dir)) {
    if (hasConfig(dir)) return false;
    if (fs.existsSync(path.join(dir, '.git'))) return true;
    if (path.dirname(dir) === dir) return false;
  }
}

function hasConfig(dir: string): boolean {
  if (CONFIG_FILES.some((name) => fs.existsSync(path.join(dir, name)))) return true;
  try {
    const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as unknown;
    return typeof pkg === 'object' && pkg !== null && 'specgate' in pkg;
  } catch {
    return false;
  }
}
