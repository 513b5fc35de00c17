import { appendFile, mkdir, stat } from 'node:fs/promises';
import * as path from 'node:path';
import type { PrepareStep } from '../core/types.js';
import { choosePlacement, type PlacementMethod } from './prepare/choose-placement.js';
import { computePrepareKey } from './prepare/compute-prepare-key.js';
import { prepareStep } from './prepare/prepare-step.js';

export type { PlacementMethod } from './prepare/choose-placement.js';

/** How one prepare step went. */
export interface PrepareStepOutcome {
  run: string;
  /** The step's cache key (64 hex digits): see `computePrepareKey`. */
  key: string;
  /** True when the products came from the cache, false when the step ran (or failed). */
  cached: boolean;
  /** Everything the step took: waiting for another preparer, running, storing, placing. */
  durationMs: number;
  /** `prepare-<n>.log` in `logDir`: the step's output on a miss, a note of where the products came from on a hit. */
  log?: string;
  /** How the products were placed into the workspace; undefined when the workspace kept the step's own files. */
  placement?: PlacementMethod;
  /** Set when the step succeeded but its products could not be cached (the workspace keeps them). */
  warning?: string;
}

/** The result of preparing one workspace. */
export interface PrepareOutcome {
  ok: boolean;
  /** On failure, names the step and its log; on success, a one-line summary. */
  message: string;
  /** One per step attempted, in order; after a failure the last one is the step that failed. */
  steps: PrepareStepOutcome[];
}

/** What `prepareWorkspace` tells `onStep` as it goes, for live progress. */
export type PrepareStepEvent =
  /** Step `index` starts; `cached` when a complete cache entry for its key is there (a hit, unless it proves modified). */
  | { type: 'start'; index: number; run: string; cached: boolean }
  /** Step `index` ended; `ok` false when it failed or was aborted (then no later step starts). */
  | { type: 'end'; index: number; ok: boolean; outcome: PrepareStepOutcome };

/** Cache entries kept by default: the most recently used ones. */
export const DEFAULT_PREPARE_CACHE_KEEP = 5;

/**
 * Prepares a state's workspace before its jobs run (`npm ci`, say), doing each step's work once per
 * distinct key and placing the cached products into every other workspace with that key.
 *
 * Each step in turn:
 * 1. Key: SHA-256 over the step's `run` and `paths`, the content of its `key` files *in this workspace*
 *    (missing ones hash as "missing"; a directory hashes its whole content), platform, CPU architecture,
 *    Node's major version, and the previous step's key. A change that edits `package-lock.json` thus gets
 *    its own entry and its own run.
 * 2. Hit: the complete entry `<cacheDir>/<key>` (`.complete` is written last) is placed: each of `paths`
 *    replaces whatever the workspace had there.
 * 3. Miss: one caller per key (a `<key>.lock` file created with `wx` holding the owner's pid; a lock whose
 *    owner is dead is taken over) runs `/bin/sh -c run` in the workspace through `runJob` (own process
 *    group, output to `logDir/prepare-<n>.log`, the whole tree killed on `signal`), with `env`. The others,
 *    in this process or another, wait for it and then take the hit. On success the products are stored
 *    atomically (`<key>.tmp-<pid>-*` renamed to `<key>`), and the cache is cut down to the `keep` most
 *    recently used entries, sparing entries in use. On failure nothing is cached and the outcome says
 *    `prepare step "npm ci" failed (exited with status 1); log: …`.
 *
 * Placement, measured by `test/bench/measure-prepare.ts` on a 334-package `node_modules` (8,100 files,
 * 1,150 directories, 81 MiB; 2 vCPUs, ext4, other work on the machine), where the miss took 10.9–12.0 s
 * with npm's cache warm (`npm ci` itself 10.2 s; storing and placing back the rest):
 * - **hard links** (chosen on one file system without copy-on-write): 0.14–0.38 s per hit, 1.2–3.5 % of
 *   the install, no extra disk space, and 0.25 s to delete again (a copy: 0.9–1.2 s). The catch: a placed
 *   file *is* the cache's file. So cached files are read-only (for anyone but root a write in place fails
 *   with EACCES instead of silently changing later states; writing *new* files, such as
 *   `node_modules/.cache/*`, still works, since directories are the workspace's own), and every placement
 *   first compares each cached file's size, mtime, mode and inode with the manifest (+15–25 % of the
 *   placement time): an entry modified since (root ignores read-only bits) is discarded and the step runs
 *   again, so a later state never gets a modified tree. What verification cannot undo is a write, as root,
 *   seen by a state that runs *at the same time* on the same entry; `placement: 'copy'` rules that out.
 * - **copy-on-write clones** (`COPYFILE_FICLONE`; chosen when the file system clones: btrfs, XFS, APFS):
 *   fully isolated at near hard-link cost. On ext4 it would silently be a full copy, hence the probe.
 * - **copies** (chosen when workspace and cache are on different file systems, e.g. a tmpfs `/tmp` and a
 *   repository on disk; or forced): 0.58–0.89 s per hit (4.8–7.7 %) on a quiet disk, but 3.4–7 s against
 *   0.64–1.3 s for hard links under heavy I/O from other processes, and 81 MiB written per workspace.
 *   Keep the work directory on the cache's file system to avoid it. Node's recursive `fs.cp` took
 *   3.2–4.0 s where `cp -a` took 0.35–1.6 s, so copies go file by file instead.
 * - **a symlink to the cache** (not offered): free, but the workspace would share the cache's directories,
 *   so a job's `rm -rf node_modules/x` or a cache written to `node_modules/.cache` would change every other
 *   state, undetectably; and tools that resolve realpaths (Node's module resolution does) would see
 *   paths outside the workspace.
 *
 * Products must be relocatable (npm's `node_modules` is: its `.bin` links are relative), and `paths` should
 * be untracked: a cached copy replaces them wholesale.
 *
 * @param args.steps the configured steps, run in order; the first failure ends the preparation.
 * @param args.workspace the state directory, a clean checkout.
 * @param args.cacheDir kept between runs, outside the user's working tree (`<gitdir>/specgate/cache/prepare`);
 *   created if missing. On the workspace's file system if placements are to be cheap.
 * @param args.logDir where `prepare-<n>.log` go; created if missing.
 * @param args.env the SPECGATE_* variables, as jobs get them.
 * @param args.signal aborting stops a running step's whole process tree, or a wait for another preparer.
 * @param args.keep cache entries to keep (default {@link DEFAULT_PREPARE_CACHE_KEEP}).
 * @param args.placement `auto` (default) chooses as above; a method forces it (`copy` for full isolation).
 * @param args.killGraceMs passed to `runJob`: SIGTERM to SIGKILL on abort (at most `ABORT_KILL_GRACE_MS`).
 * @param args.pollMs how often a waiter looks at a held lock (default 100 ms).
 * @param args.onStep told when each step starts (once its key is known) and ends; it must not throw.
 * @returns never rejects: every problem (bad paths, a failing step, an unwritable cache) is `ok: false`.
 */
export async function prepareWorkspace(args: {
  steps: PrepareStep[];
  workspace: string;
  cacheDir: string;
  logDir: string;
  env: Record<string, string>;
  signal: AbortSignal;
  keep?: number;
  placement?: 'auto' | PlacementMethod;
  killGraceMs?: number;
  pollMs?: number;
  onStep?: (event: PrepareStepEvent) => void;
}): Promise<PrepareOutcome> {
  const steps: PrepareStepOutcome[] = [];
  if (args.steps.length === 0) return { ok: true, message: 'nothing to prepare', steps };
  const problem = args.steps.map(checkStep).find((found) => found !== undefined);
  if (problem) return { ok: false, message: problem, steps };
  const keep = args.keep ?? DEFAULT_PREPARE_CACHE_KEEP;
  if (!Number.isInteger(keep) || keep < 1)
    return { ok: false, message: `prepare: keep must be a positive integer, got ${keep}`, steps };

  const workspace = path.resolve(args.workspace);
  const cacheDir = path.resolve(args.cacheDir);
  const logDir = path.resolve(args.logDir);
  if (
    !(await stat(workspace).then(
      (s) => s.isDirectory(),
      () => false,
    ))
  ) {
    return { ok: false, message: `prepare: workspace ${workspace} is not a directory`, steps };
  }
  let method: PlacementMethod;
  try {
    await mkdir(cacheDir, { recursive: true });
    await mkdir(logDir, { recursive: true });
    method =
      args.placement === undefined || args.placement === 'auto'
        ? choosePlacement({ cacheDir, workspace })
        : args.placement;
  } catch (error) {
    return {
      ok: false,
      message: `prepare: cannot use cache ${cacheDir} or log directory ${logDir}: ${reason(error)}`,
      steps,
    };
  }

  let previous: string | undefined;
  for (const [index, step] of args.steps.map(normalizeStep).entries()) {
    const started = performance.now();
    const logPath = path.join(logDir, `prepare-${index + 1}.log`);
    const quoted = JSON.stringify(step.run);
    let key = '';
    let announced = false;
    const end = (ok: boolean): void => {
      const outcome = steps[steps.length - 1];
      if (announced && outcome !== undefined) args.onStep?.({ type: 'end', index, ok, outcome });
    };
    try {
      key = await computePrepareKey({ step, workspace, previous });
      if (args.onStep) {
        const cached = await stat(path.join(cacheDir, key, '.complete')).then(
          () => true,
          () => false,
        );
        announced = true;
        args.onStep({ type: 'start', index, run: step.run, cached });
      }
      const result = await prepareStep({
        step,
        index,
        key,
        workspace,
        cacheDir,
        logPath,
        env: args.env,
        signal: args.signal,
        method,
        keep,
        killGraceMs: args.killGraceMs,
        pollMs: args.pollMs,
      });
      steps.push({
        run: step.run,
        key,
        cached: result.cached,
        durationMs: result.durationMs,
        log: result.log,
        ...(result.placement ? { placement: result.placement } : {}),
        ...(result.warning ? { warning: result.warning } : {}),
      });
      end(result.ok);
      if (!result.ok) return { ok: false, message: result.message, steps };
    } catch (error) {
      const what = args.signal.aborted ? 'was aborted' : `failed: ${reason(error)}`;
      await appendFile(logPath, `=== specgate: prepare step ${what}\n`).catch(() => undefined);
      steps.push({
        run: step.run,
        key,
        cached: false,
        durationMs: performance.now() - started,
        log: logPath,
      });
      end(false);
      return { ok: false, message: `prepare step ${quoted} ${what}; log: ${logPath}`, steps };
    }
    previous = key;
  }
  const summary = steps.map(
    (s) =>
      `${JSON.stringify(s.run)} ${s.cached ? 'from cache' : 'ran'} (${(s.durationMs / 1000).toFixed(1)}s)`,
  );
  const warnings = steps.flatMap((s) => (s.warning ? [s.warning] : []));
  return { ok: true, message: [`prepared: ${summary.join(', ')}`, ...warnings].join('; '), steps };
}

/** `./a/b/` → `a/b`, for keys and paths alike, so that spelling does not change keys or manifests. */
function normalizeStep(step: PrepareStep): PrepareStep {
  const clean = (entry: string): string => path.posix.normalize(entry).replace(/\/+$/, '');
  return { run: step.run, key: step.key.map(clean), paths: step.paths.map(clean) };
}

/** A problem with a step's paths that would let it read or write outside the state directory, or clobber `.git`. */
function checkStep(step: PrepareStep): string | undefined {
  const quoted = JSON.stringify(step.run);
  for (const [field, list] of [
    ['key', step.key],
    ['paths', step.paths],
  ] as const) {
    for (const entry of list) {
      const normal = path.posix.normalize(entry);
      if (
        path.isAbsolute(entry) ||
        normal === '.' ||
        normal === '..' ||
        normal.startsWith('../') ||
        normal.split('/')[0] === '.git'
      ) {
        return `prepare step ${quoted}: ${field} entry ${JSON.stringify(entry)} must be a relative path inside the state directory, not .git`;
      }
    }
  }
  const normals = step.paths.map((entry) => path.posix.normalize(entry).replace(/\/+$/, ''));
  for (const [i, a] of normals.entries()) {
    for (const b of normals.slice(i + 1)) {
      if (a === b || b.startsWith(`${a}/`) || a.startsWith(`${b}/`)) {
        return `prepare step ${quoted}: paths ${JSON.stringify(a)} and ${JSON.stringify(b)} overlap`;
      }
    }
  }
  return undefined;
}

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
