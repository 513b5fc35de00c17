// Must match git byte for byte: git's ref lock protocol (`<ref>.lock`, refs/files-backend.c, lockfile.c).
import type * as nodeFs from 'node:fs';
import path from 'node:path';
import { readCoreConfig } from '../config/read-core-config.js';
import { readRefNow } from './read-ref-now.js';

const OID = /^[0-9a-f]{40}$/;

/** What `updateRefIf` did. */
export type RefUpdate =
  | { updated: true; ref: string; from: string | undefined; to: string }
  | {
      updated: false;
      ref: string;
      /** `moved`: the ref no longer holds `expected`; `locked`: another process holds the ref's lock. */
      reason: 'moved' | 'locked';
      /** What the ref holds now (undefined: it does not exist). */
      actual: string | undefined;
      message: string;
    };

/**
 * Compare-and-swap of one ref, as `git update-ref <ref> <new> <old>` does it: takes `<ref>.lock` (exclusive
 * create), re-reads the ref (loose file, else `packed-refs`) under the lock, and only if it still holds
 * `expected` (undefined: the ref must not exist) writes `value` into the lock and renames it over the loose
 * ref; then appends a reflog entry where git would (an existing log, or a branch when
 * `core.logAllRefUpdates` is on, git's default in non-bare repositories). The lock is always removed.
 * Never throws for a lost race or a held lock: it reports them. `gitdir` is the common git directory (where
 * `refs/` and `packed-refs` live).
 *
 * `beforeCommit`, when given, runs under the lock once the compare has succeeded and the new value is in
 * the lock file, just before the rename that publishes it: what must be in place before the ref moves (the
 * index of a checked-out branch) is put there, and if it throws the ref is left where it was (the lock is
 * removed and the error rethrown). `headGitdir` names the git directory of a working tree whose HEAD is
 * this ref: git logs the move in that HEAD's reflog too.
 */
export function updateRefIf(args: {
  fs: typeof nodeFs;
  gitdir: string;
  /** Full ref name, e.g. `refs/heads/main`. */
  ref: string;
  expected: string | undefined;
  value: string;
  /** Reflog message. */
  message: string;
  /** Seconds since the epoch for the reflog entry (default: now). */
  now?: number;
  beforeCommit?: () => void;
  headGitdir?: string;
}): RefUpdate {
  const { fs, gitdir, ref, expected, value } = args;
  if (
    !ref.startsWith('refs/') ||
    ref.split('/').some((part) => part === '' || part === '.' || part === '..') ||
    !OID.test(value)
  ) {
    throw new Error(`updateRefIf: bad ref update ${ref} → ${value}`);
  }
  const file = path.join(gitdir, ref);
  const lock = `${file}.lock`;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  let fd: number;
  try {
    fd = fs.openSync(lock, 'wx');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return {
      updated: false,
      ref,
      reason: 'locked',
      actual: readRefNow({ fs, commonDir: gitdir, ref }),
      message: `unable to create '${lock}': file exists; another git process seems to be running in this repository (if none is, remove the file)`,
    };
  }
  let renamed = false;
  try {
    const actual = readRefNow({ fs, commonDir: gitdir, ref });
    if (actual !== expected) {
      return {
        updated: false,
        ref,
        reason: 'moved',
        actual,
        message: `${ref} is at ${actual ?? '(none)'}, not ${expected ?? '(none)'}`,
      };
    }
    fs.writeSync(fd, `${value}\n`);
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fd = -1;
    args.beforeCommit?.();
    fs.renameSync(lock, file);
    renamed = true;
    appendReflog(args, actual);
    if (args.headGitdir) appendHeadReflog({ ...args, headGitdir: args.headGitdir }, actual);
    return { updated: true, ref, from: actual, to: value };
  } finally {
    if (fd !== -1) fs.closeSync(fd);
    if (!renamed) fs.rmSync(lock, { force: true });
  }
}

function appendReflog(
  args: { fs: typeof nodeFs; gitdir: string; ref: string; value: string; message: string; now?: number },
  from: string | undefined,
): void {
  const { fs, gitdir, ref } = args;
  const log = path.join(gitdir, 'logs', ref);
  if (!fs.existsSync(log) && !wantsReflog(fs, gitdir, ref)) return;
  const now = args.now ?? Math.floor(Date.now() / 1000);
  const message = args.message.replace(/\n/g, ' ');
  fs.mkdirSync(path.dirname(log), { recursive: true });
  fs.appendFileSync(
    log,
    `${from ?? '0'.repeat(40)} ${args.value} specgate <specgate@localhost> ${now} +0000\t${message}\n`,
  );
}

/** git logs a move of the branch HEAD names in `logs/HEAD` as well, under the same rule as for branches. */
function appendHeadReflog(
  args: {
    fs: typeof nodeFs;
    gitdir: string;
    headGitdir: string;
    value: string;
    message: string;
    now?: number;
  },
  from: string | undefined,
): void {
  const { fs, headGitdir } = args;
  const log = path.join(headGitdir, 'logs', 'HEAD');
  if (!fs.existsSync(log) && !wantsReflog(fs, args.gitdir, 'refs/heads/HEAD')) return;
  const now = args.now ?? Math.floor(Date.now() / 1000);
  fs.mkdirSync(path.dirname(log), { recursive: true });
  fs.appendFileSync(
    log,
    `${from ?? '0'.repeat(40)} ${args.value} specgate <specgate@localhost> ${now} +0000\t${args.message.replace(/\n/g, ' ')}\n`,
  );
}

/** git's rule: `always` logs every ref; true (the default unless bare) logs branches, remotes and notes. */
function wantsReflog(fs: typeof nodeFs, gitdir: string, ref: string): boolean {
  let core: Map<string, string>;
  try {
    core = readCoreConfig({ fs, file: path.join(gitdir, 'config') });
  } catch {
    // Called once the ref has moved: a config line git does not parse (checked when the repository was
    // opened, so edited since) must not turn a published update into an error. git's defaults, then.
    core = new Map();
  }
  const bare = isTrue(core.get('bare') ?? 'false');
  const setting = (core.get('logallrefupdates') ?? (bare ? 'false' : 'true')).toLowerCase();
  if (setting === 'always') return true;
  if (!isTrue(setting)) return false;
  return /^refs\/(heads|remotes|notes)\//.test(ref);
}

/** A git boolean that is true. */
function isTrue(value: string): boolean {
  return /^(true|yes|on|1)$/i.test(value);
}
