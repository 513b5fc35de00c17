import type * as nodeFs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { UserError } from '../../errors/specgate-error.js';
import { type GitConfigEntry, parseGitConfig } from '../config/parse-git-config.js';

/** A `filter.<name>.*` driver, as git's `read_convert_config` collects it. */
export interface FilterDriver {
  name: string;
  smudge?: string;
  clean?: string;
  process?: string;
  required: boolean;
}

/** The settings that decide what a checkout writes, from every config file git reads. */
export interface ConversionConfig {
  /** `core.autocrlf`: `true`, `input`, or `false` (the default). */
  autocrlf: 'true' | 'false' | 'input';
  /** `core.eol`; `native` is LF on the systems specgate runs on. */
  eol: 'lf' | 'crlf' | undefined;
  /** Every driver named in any `filter.<name>.*` key, by name. */
  drivers: ReadonlyMap<string, FilterDriver>;
  /** Text of the gitattributes files git reads outside the tree: system, `core.attributesFile`, info. */
  systemAttributes?: string;
  globalAttributes?: string;
  infoAttributes?: string;
  /**
   * The repository's own config lines that change conversions (`core.autocrlf`, `core.eol`, the absolute
   * `core.attributesFile`, `filter.*`), for a checkout's `.git/config`, so that git run in the checkout
   * converts as the repository does.
   */
  localConfig: string;
}

/** Nesting git allows for `include.path` before it gives up. */
const MAX_INCLUDE_DEPTH = 10;

/**
 * Reads what decides a checkout's conversions for the repository whose common git directory is
 * `commonDir`: the system config (`$GIT_CONFIG_SYSTEM`, else `/etc/gitconfig`, unless
 * `$GIT_CONFIG_NOSYSTEM`), the global one (`$GIT_CONFIG_GLOBAL`, else `$XDG_CONFIG_HOME/git/config` (or
 * `~/.config/git/config`) then `~/.gitconfig`) — where `git lfs install` puts its filter — and the
 * repository's `config`, later files winning, `include.path` followed; plus the attributes files git reads
 * besides the tree's: `/etc/gitattributes` (unless `$GIT_ATTR_NOSYSTEM`), `core.attributesFile` (default
 * `$XDG_CONFIG_HOME/git/attributes`) and `info/attributes`. Missing files are no error.
 *
 * @throws UserError (`BAD_GIT_CONFIG`) on a line of any of these files git does not parse, naming file
 *   and line (git dies on it); (`BAD_CONFIG`) when a value is not one git accepts for `core.autocrlf`, `core.eol` or
 *   `filter.<driver>.required`, naming the key, as git refuses to check out then.
 */
export function readConversionConfig(args: {
  fs: typeof nodeFs;
  commonDir: string;
  /** Where git runs: a relative `core.attributesFile` is relative to it. */
  workTree: string;
  env?: NodeJS.ProcessEnv;
}): ConversionConfig {
  const { fs, commonDir } = args;
  const env = args.env ?? process.env;
  const home = env.HOME ?? os.homedir();
  const xdg = env.XDG_CONFIG_HOME ? env.XDG_CONFIG_HOME : path.join(home, '.config');
  const read = (file: string): string | undefined => {
    try {
      return fs.readFileSync(file, 'utf8');
    } catch {
      return undefined;
    }
  };
  const load = (file: string, depth = 0): GitConfigEntry[] => {
    const text = read(file);
    if (text === undefined) return [];
    const out: GitConfigEntry[] = [];
    for (const entry of parseGitConfig(text, file)) {
      out.push(entry);
      if (entry.key === 'include.path' && entry.value && depth < MAX_INCLUDE_DEPTH) {
        out.push(...load(resolvePath(entry.value, path.dirname(file), home), depth + 1));
      }
    }
    return out;
  };

  const system = isTrue(env.GIT_CONFIG_NOSYSTEM) ? [] : load(env.GIT_CONFIG_SYSTEM ?? '/etc/gitconfig');
  const global =
    env.GIT_CONFIG_GLOBAL !== undefined
      ? load(env.GIT_CONFIG_GLOBAL)
      : [...load(path.join(xdg, 'git', 'config')), ...load(path.join(home, '.gitconfig'))];
  const local = load(path.join(commonDir, 'config'));
  const all = [...system, ...global, ...local];

  let autocrlf: ConversionConfig['autocrlf'] = 'false';
  let eol: ConversionConfig['eol'];
  let attributesFile: string | undefined;
  const drivers = new Map<string, FilterDriver>();
  for (const { key, value } of all) {
    if (key === 'core.autocrlf') {
      if (value !== null && value.toLowerCase() === 'input') autocrlf = 'input';
      else autocrlf = parseBool(key, value) ? 'true' : 'false';
    } else if (key === 'core.eol') {
      const v = (value ?? '').toLowerCase();
      if (v === 'lf' || v === 'native') eol = 'lf';
      else if (v === 'crlf') eol = 'crlf';
      else throw badValue(key, value);
    } else if (key === 'core.attributesfile' && value !== null) {
      attributesFile = resolvePath(value, args.workTree, home);
    } else if (key.startsWith('filter.')) {
      const dot = key.lastIndexOf('.');
      if (dot <= 'filter'.length) continue;
      const name = key.slice('filter.'.length, dot);
      const variable = key.slice(dot + 1);
      const driver = drivers.get(name) ?? { name, required: false };
      drivers.set(name, driver);
      if (variable === 'smudge' || variable === 'clean' || variable === 'process')
        driver[variable] = value ?? undefined;
      else if (variable === 'required') driver.required = parseBool(key, value);
    }
  }

  const localLines: string[] = [];
  const coreLocal = local.filter((e) => e.key === 'core.autocrlf' || e.key === 'core.eol');
  if (coreLocal.length > 0 || attributesFile !== undefined) {
    localLines.push('[core]');
    for (const e of coreLocal) localLines.push(`\t${e.key.slice(5)} = ${quote(e.value ?? 'true')}`);
    if (attributesFile !== undefined) localLines.push(`\tattributesFile = ${quote(attributesFile)}`);
  }
  for (const e of local) {
    if (!e.key.startsWith('filter.')) continue;
    const dot = e.key.lastIndexOf('.');
    localLines.push(
      `[filter ${quote(e.key.slice(7, dot))}]`,
      `\t${e.key.slice(dot + 1)} = ${quote(e.value ?? 'true')}`,
    );
  }

  return {
    autocrlf,
    eol,
    drivers,
    systemAttributes: isTrue(env.GIT_ATTR_NOSYSTEM) ? undefined : read('/etc/gitattributes'),
    globalAttributes: read(attributesFile ?? path.join(xdg, 'git', 'attributes')),
    infoAttributes: read(path.join(commonDir, 'info', 'attributes')),
    localConfig: localLines.length > 0 ? `${localLines.join('\n')}\n` : '',
  };
}

/** `~/` is the home directory; other relative paths are relative to `base`. */
function resolvePath(value: string, base: string, home: string): string {
  if (value === '~' || value.startsWith('~/')) return path.join(home, value.slice(1));
  return path.resolve(base, value);
}

/** git's `git_config_bool`. */
function parseBool(key: string, value: string | null): boolean {
  if (value === null) return true;
  const v = value.toLowerCase();
  if (v === 'true' || v === 'yes' || v === 'on') return true;
  if (v === 'false' || v === 'no' || v === 'off' || v === '') return false;
  if (/^-?\d+$/.test(v)) return Number(v) !== 0;
  throw badValue(key, value);
}

function badValue(key: string, value: string | null): UserError {
  return new UserError('BAD_CONFIG', `bad git config value ${JSON.stringify(value)} for ${key}`, {
    suggestion: `Fix it with git config ${key} <value> (git refuses it too).`,
  });
}

function isTrue(value: string | undefined): boolean {
  if (value === undefined) return false;
  try {
    return parseBool('environment', value);
  } catch {
    return false;
  }
}

/** A value as a config file line needs it: always double-quoted, with git's escapes. */
function quote(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/\t/g, '\\t')}"`;
}
