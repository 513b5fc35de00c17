import { appendFile, mkdir, rm, stat, utimes, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { JobDefinition, PrepareStep } from '../../core/types.js';
import { runJob } from '../run-job.js';
import { acquireLock } from './acquire-lock.js';
import type { PlacementMethod } from './choose-placement.js';
import { discardCacheEntry } from './discard-cache-entry.js';
import { markInUse } from './mark-in-use.js';
import { placeTree } from './place-tree.js';
import { pruneCache } from './prune-cache.js';
import { type CacheEntry, readCacheEntry } from './read-cache-entry.js';
import { storeCacheEntry } from './store-cache-entry.js';

/** What preparing one step gave. `message` explains a failure, or says how a success was obtained. */
export interface PrepareStepResult {
  ok: boolean;
  message: string;
  cached: boolean;
  durationMs: number;
  log: string;
  placement?: PlacementMethod;
  /** Set when the step succeeded but its products could not be cached. */
  warning?: string;
}

/** Look-ups of the cache per step before giving up: each failed one saw an entry vanish or found it corrupt. */
const MAX_ROUNDS = 5;

const METHOD_WORDS: Record<PlacementMethod, string> = {
  hardlink: 'hard links',
  reflink: 'copy-on-write clones',
  copy: 'copies',
};

/**
 * The worker behind `prepareWorkspace` for one step whose key is known; arguments fully resolved.
 *
 * Hit: the complete entry `<cacheDir>/<key>` is marked in use, its `.complete` touched (recency for
 * pruning), and each product replaces the workspace's path, placed by `method` with verification. An entry
 * found modified since it was stored is discarded (under the key's lock, and only if it is still that
 * entry) and the step runs again; an entry that vanishes meanwhile (pruned) means starting over.
 *
 * Miss: the key's lock is taken, waiting while another caller (in this process or another) holds it; if
 * that caller stored the entry meanwhile it is a hit after all. Otherwise the step runs through `runJob`
 * (`/bin/sh -c`, own process group, output to `logPath`, killed on `signal`); on success its products are
 * stored ({@link storeCacheEntry}) and placed back, the cache pruned to `keep` entries, and the lock
 * released. A step that fails leaves nothing in the cache. A failure to *store* (a full disk, say) is not
 * the step's fault: the workspace keeps the products and the result is ok, uncached, with a warning.
 *
 * Never rejects for a failure of the step itself; rejects on abort while waiting for the lock, and on
 * file-system errors in the workspace or the cache, for the wrapper to report.
 */
export async function prepareStep(args: {
  step: PrepareStep;
  index: number;
  key: string;
  workspace: string;
  cacheDir: string;
  logPath: string;
  env: Record<string, string>;
  signal: AbortSignal;
  method: PlacementMethod;
  keep: number;
  killGraceMs?: number;
  pollMs?: number;
}): Promise<PrepareStepResult> {
  const { step, key, workspace, cacheDir, logPath, signal, method } = args;
  const started = performance.now();
  const notes: string[] = [];
  const elapsed = (): number => performance.now() - started;
  const quoted = JSON.stringify(step.run);
  const lockPath = path.join(cacheDir, `${key}.lock`);

  const place = async (entry: CacheEntry): Promise<string | undefined> => {
    for (const product of entry.manifest.products) {
      const target = path.join(workspace, product.path);
      await rm(target, { recursive: true, force: true });
      if (product.entries.length === 0) continue;
      await mkdir(path.dirname(target), { recursive: true });
      const { mismatch } = await placeTree({
        entries: product.entries,
        from: entry.tree,
        to: workspace,
        method,
        verify: true,
        signal,
      });
      if (mismatch) return mismatch;
    }
    return undefined;
  };
  const clearProducts = async (): Promise<void> => {
    for (const product of step.paths)
      await rm(path.join(workspace, product), { recursive: true, force: true });
  };

  for (let round = 1; round <= MAX_ROUNDS; round += 1) {
    signal.throwIfAborted();
    const found = await readCacheEntry({ cacheDir, key });
    if (found) {
      const placedAt = performance.now();
      const release = await markInUse({ cacheDir, key });
      let mismatch: string | undefined;
      try {
        const now = new Date();
        // Recency for pruning; a cache we may read but not write (another user's) still serves hits.
        await utimes(path.join(found.dir, '.complete'), now, now).catch(() => undefined);
        mismatch = await place(found);
      } catch (error) {
        const vanished = !(await stat(path.join(found.dir, '.complete')).catch(() => undefined));
        if (!vanished || signal.aborted) throw error;
        notes.push(`cache entry ${found.dir} was removed while in use; looking again`);
        await clearProducts();
        continue;
      } finally {
        await release();
      }
      if (mismatch === undefined) {
        const placedMs = performance.now() - placedAt;
        await writeFile(
          logPath,
          [
            `=== specgate: prepare step ${args.index + 1}`,
            `$ ${step.run}`,
            ...notes.map((note) => `=== specgate: ${note}`),
            `=== specgate: cache hit: key ${key}, entry ${found.dir}`,
            `=== specgate: placed ${describeProducts(found)} (${found.entryCount} entries) by ${METHOD_WORDS[method]} in ${placedMs.toFixed(0)} ms`,
            '',
          ].join('\n'),
        );
        return {
          ok: true,
          message: `from cache (${METHOD_WORDS[method]})`,
          cached: true,
          durationMs: elapsed(),
          log: logPath,
          placement: method,
        };
      }
      notes.push(`cache entry ${found.dir} was modified after it was stored (${mismatch}); discarding it`);
      await clearProducts();
      const lock = await acquireLock({ path: lockPath, wait: true, signal, pollMs: args.pollMs });
      try {
        const again = await readCacheEntry({ cacheDir, key });
        if (again?.manifest.id === found.manifest.id) await discardCacheEntry({ cacheDir, key });
      } finally {
        await lock?.release();
      }
      continue;
    }

    const lock = await acquireLock({
      path: lockPath,
      wait: true,
      signal,
      pollMs: args.pollMs,
      onWait: (pid) =>
        notes.push(`waiting for process ${pid ?? '(unknown)'}, which is preparing the same key`),
    });
    try {
      // Whoever held the lock may have stored the entry meanwhile: use it.
      if (await readCacheEntry({ cacheDir, key })) continue;
      const job: JobDefinition = {
        name: `prepare-${args.index + 1}`,
        run: step.run,
        env: {},
        voting: true,
        attempts: 1,
        dependencies: [],
      };
      const run = await runJob({
        job,
        attempt: 1,
        workspace,
        env: args.env,
        logPath,
        signal,
        killGraceMs: args.killGraceMs,
      });
      const note = (lines: string[]): Promise<void> =>
        appendFile(logPath, lines.map((line) => `=== specgate: ${line}\n`).join('')).catch(() => undefined);
      if (run.result !== 'SUCCESS') {
        await note(notes);
        const what = run.result === 'ABORTED' ? 'was aborted' : `failed (${run.message})`;
        return {
          ok: false,
          message: `prepare step ${quoted} ${what}; log: ${logPath}`,
          cached: false,
          durationMs: elapsed(),
          log: logPath,
        };
      }
      let stored: Awaited<ReturnType<typeof storeCacheEntry>>;
      try {
        stored = await storeCacheEntry({ workspace, cacheDir, key, step, method });
      } catch (error) {
        const warning = `prepare step ${quoted} succeeded but its products could not be cached: ${reason(error)}`;
        await note([...notes, warning]);
        return { ok: true, message: 'ran', warning, cached: false, durationMs: elapsed(), log: logPath };
      }
      const placedAt = performance.now();
      const mismatch = stored.moved ? await place(stored.entry) : undefined;
      if (mismatch)
        throw new Error(`the cache entry ${stored.entry.dir} changed while being placed: ${mismatch}`);
      const pruned = await pruneCache({ cacheDir, keep: args.keep, protect: [key] }).catch(
        () => [] as string[],
      );
      await note([
        ...notes,
        `cached as ${stored.entry.dir} (key ${key}, ${stored.entry.entryCount} entries)`,
        stored.moved
          ? `placed ${describeProducts(stored.entry)} back by ${METHOD_WORDS[method]} in ${(performance.now() - placedAt).toFixed(0)} ms`
          : `the workspace keeps the original files`,
        ...(pruned.length > 0
          ? [`removed ${pruned.length} least recently used cache entr${pruned.length === 1 ? 'y' : 'ies'}`]
          : []),
      ]);
      return {
        ok: true,
        message: 'ran',
        cached: false,
        durationMs: elapsed(),
        log: logPath,
        placement: stored.moved ? method : undefined,
      };
    } finally {
      await lock?.release();
    }
  }
  throw new Error(
    `the cache entry for key ${key} kept vanishing or changing (${MAX_ROUNDS} attempts): ${notes.join('; ')}`,
  );
}

function describeProducts(entry: CacheEntry): string {
  const present = entry.manifest.products
    .filter((product) => product.entries.length > 0)
    .map((product) => product.path);
  return present.length > 0 ? present.join(', ') : 'nothing (the step produced none of its paths)';
}

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
