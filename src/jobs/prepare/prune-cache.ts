import { readdir, rm, stat } from 'node:fs/promises';
import * as path from 'node:path';
import { acquireLock } from './acquire-lock.js';
import { discardCacheEntry } from './discard-cache-entry.js';
import { isPidAlive } from './is-pid-alive.js';

const KEY = '[0-9a-f]{64}';
const ENTRY = new RegExp(`^${KEY}$`);
const LEFTOVER = new RegExp(`^(${KEY})\\.(tmp|trash|use)-(\\d+)-`);

/**
 * Bounds the prepare cache in `cacheDir` to the `keep` most recently used complete entries (recency: the
 * mtime of an entry's `.complete`, touched at every use), never removing one of `protect`, one whose lock
 * is held, or one with a use marker of a live process ({@link markInUse}). Also removes what dead processes
 * left: half-written `<key>.tmp-<pid>-*` directories, `<key>.trash-<pid>-*` directories, use markers, and
 * entries without `.complete`. Resolves the keys removed. Errors on single entries are ignored: a cache
 * that stays a little too big is no reason to fail a run.
 */
export async function pruneCache(args: {
  cacheDir: string;
  keep: number;
  protect?: string[];
}): Promise<string[]> {
  const { cacheDir } = args;
  const protect = new Set(args.protect ?? []);
  const names = await readdir(cacheDir).catch(() => [] as string[]);
  const inUse = new Set<string>();
  for (const name of names) {
    const match = LEFTOVER.exec(name);
    if (!match) continue;
    const [, key, kind, pid] = match;
    if (isPidAlive(Number(pid))) {
      if (kind === 'use') inUse.add(key);
    } else {
      await rm(path.join(cacheDir, name), { recursive: true, force: true }).catch(() => undefined);
    }
  }
  const entries: Array<{ key: string; usedMs: number }> = [];
  for (const name of names.filter((n) => ENTRY.test(n))) {
    const complete = await stat(path.join(cacheDir, name, '.complete')).catch(() => undefined);
    entries.push({ key: name, usedMs: complete?.mtimeMs ?? -1 });
  }
  entries.sort((a, b) => b.usedMs - a.usedMs);
  let kept = 0;
  const removed: string[] = [];
  for (const { key, usedMs } of entries) {
    if (usedMs >= 0 && kept < args.keep) {
      kept += 1;
      continue;
    }
    if (protect.has(key) || inUse.has(key)) continue;
    const lock = await acquireLock({ path: path.join(cacheDir, `${key}.lock`), wait: false }).catch(
      () => undefined,
    );
    if (!lock) continue;
    try {
      if (await discardCacheEntry({ cacheDir, key }).catch(() => false)) removed.push(key);
    } finally {
      await lock.release();
    }
  }
  return removed;
}
